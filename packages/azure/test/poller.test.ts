import { setTimeout as sleep } from 'node:timers/promises';
import { QueueClient } from '@azure/storage-queue';
import {
  type MessageOutcome,
  TaskRegistry,
  defineTask,
  encodeTaskMessage,
  runnerStep,
  startPollLoop,
  wrapForTransport,
} from '@celery-cloud/core';
import { type LocalAzure, startLocalAzure } from '@celery-cloud/local/azure';
import { must, startToggleProxy } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureQueuePollSource, createPoller, createResultStore, runnerFromEnv } from '../src/index.js';

const runs = new Map<string, number>();

const tasks = new TaskRegistry().register(
  defineTask('slow.wait', async (ctx, seconds: number) => {
    runs.set(ctx.id, (runs.get(ctx.id) ?? 0) + 1);
    await sleep(seconds * 1000);
    return seconds;
  }),
);

const quiet = { log: () => {} };

describe('the Storage Queue poller (celery-cloud worker --provider azure) on Azurite', () => {
  let azure: LocalAzure;

  beforeAll(async () => {
    azure = await startLocalAzure({ queue: 'work' });
  }, 60_000);

  afterAll(async () => {
    await azure?.stop();
  });

  const env = () => ({ ...azure.env, CELERY_CLOUD_LOG_LEVEL: 'error' });

  it('keeps a 7 s task invisible through 3.5 visibility timeouts of 2 s (a 90 s task, shortened) until it is done, and runs it once', async () => {
    const queue = new QueueClient(azure.connectionString, 'work');
    const poller = createPoller({
      connectionString: azure.connectionString,
      queueName: 'work',
      runner: runnerFromEnv(env(), { tasks, logger: quiet }),
      concurrency: 2,
      visibilityTimeoutSeconds: 2,
      maxPollingIntervalMs: 500,
      logger: quiet,
    });
    const id = 'azure-long-1';
    await queue.sendMessage(
      wrapForTransport(
        encodeTaskMessage({ id, task: 'slow.wait', args: [7], kwargs: {}, routing_key: 'work' }),
        'azure-queue',
      ),
    );
    const store = createResultStore({ url: azure.env.CELERY_RESULT_BACKEND, container: azure.container });
    const deadline = Date.now() + 20_000;
    let meta = await store.get(id);
    while (meta?.status !== 'SUCCESS' && Date.now() < deadline) {
      await sleep(200);
      meta = await store.get(id);
    }
    // Two more visibility periods: a message left behind would have come back by now.
    await sleep(4500);
    await poller.stop();
    expect(meta).toMatchObject({ status: 'SUCCESS', result: 7 });
    expect(runs.get(id)).toBe(1);
    expect((await queue.getProperties()).approximateMessagesCount).toBe(0);
  }, 30_000);

  it('logs at error level when a lease ran out while its task still ran (a heartbeat slower than the lease)', async () => {
    const queue = new QueueClient(azure.connectionString, 'work');
    const lines: Array<[string, string]> = [];
    const poller = createPoller({
      connectionString: azure.connectionString,
      queueName: 'work',
      runner: runnerFromEnv(env(), { tasks, logger: quiet }),
      concurrency: 1,
      visibilityTimeoutSeconds: 1,
      heartbeatMs: 10_000,
      maxPollingIntervalMs: 500,
      logger: { log: (level, msg) => void lines.push([level, msg]) },
    });
    const id = 'azure-expired-1';
    await queue.sendMessage(
      wrapForTransport(
        encodeTaskMessage({ id, task: 'slow.wait', args: [2.5], kwargs: {}, routing_key: 'work' }),
        'azure-queue',
      ),
    );
    const store = createResultStore({ url: azure.env.CELERY_RESULT_BACKEND, container: azure.container });
    const deadline = Date.now() + 15_000;
    let meta = await store.get(id);
    while (meta?.status !== 'SUCCESS' && Date.now() < deadline) {
      await sleep(200);
      meta = await store.get(id);
    }
    await poller.stop();
    expect(meta).toMatchObject({ status: 'SUCCESS' });
    expect(lines).toContainEqual([
      'error',
      'the message lease expired while its task still runs: it may be delivered again',
    ]);
  }, 30_000);

  it('keeps running while the queue and the store are unreachable, logs each failure, and loses nothing', async () => {
    const cs = azure.connectionString;
    const endpointOf = (name: string) =>
      new URL(must(must(new RegExp(`${name}=([^;]+)`).exec(cs))[1])).origin;
    const [queueProxy, blobProxy] = await Promise.all([
      startToggleProxy(endpointOf('QueueEndpoint')),
      startToggleProxy(endpointOf('BlobEndpoint')),
    ]);
    const proxied = cs
      .replace(endpointOf('QueueEndpoint'), queueProxy.endpoint)
      .replace(endpointOf('BlobEndpoint'), blobProxy.endpoint);
    queueProxy.setReachable(false);
    blobProxy.setReachable(false);
    const lines: string[] = [];
    const outcomes: MessageOutcome[] = [];
    const poller = createPoller({
      connectionString: proxied,
      queueName: 'work',
      runner: runnerFromEnv(
        { ...env(), AzureWebJobsStorage: proxied, CELERY_RESULT_BACKEND: `azureblockblob://${proxied}` },
        { tasks, logger: quiet },
      ),
      concurrency: 1,
      visibilityTimeoutSeconds: 2,
      maxPollingIntervalMs: 500,
      errorBackoff: { initialMs: 200, maxMs: 800 },
      logger: { log: (level, msg) => void lines.push(`${level} ${msg}`) },
      onSettled: (o) => outcomes.push(o),
    });
    // The storage SDK retries a refused connection for about 16 s before a receive fails, and as
    // long before a blob write fails: about 35 s in all, which the deadline leaves room to double.
    const deadline = Date.now() + 90_000;
    while (!lines.some((l) => l.startsWith('warn receiving failed')) && Date.now() < deadline)
      await sleep(200);
    // The queue is back, the store is not: the task runs, its result cannot be stored, it comes back.
    queueProxy.setReachable(true);
    const id = 'azure-faults-1';
    await new QueueClient(cs, 'work').sendMessage(
      wrapForTransport(
        encodeTaskMessage({ id, task: 'slow.wait', args: [0], kwargs: {}, routing_key: 'work' }),
        'azure-queue',
      ),
    );
    while (!outcomes.some((o) => o.action === 'redeliver') && Date.now() < deadline) await sleep(100);
    blobProxy.setReachable(true);
    const store = createResultStore({ url: azure.env.CELERY_RESULT_BACKEND, container: azure.container });
    let meta = await store.get(id);
    while (meta?.status !== 'SUCCESS' && Date.now() < deadline) {
      await sleep(200);
      meta = await store.get(id);
    }
    await poller.stop();
    await Promise.all([queueProxy.stop(), blobProxy.stop()]);
    // One line per failed receive, not a tight loop: each took the SDK's retries, then the back-off.
    const failedReceives = lines.filter((l) => l.startsWith('warn receiving failed')).length;
    expect(failedReceives).toBeGreaterThanOrEqual(1);
    expect(failedReceives).toBeLessThanOrEqual(3);
    // The queue is shared with the tests above (a lease that ran out can leave a message behind):
    // only this test's message is asserted on.
    const own = outcomes.filter((o) => o.taskId === id);
    expect(own[0]).toMatchObject({ action: 'redeliver' });
    expect(meta).toMatchObject({ status: 'SUCCESS', result: 0 });
    expect(own.at(-1)).toMatchObject({ action: 'ack', state: 'SUCCESS' });
    expect(runs.get(id)).toBe(2);
  }, 150_000);

  it('backs off while the queue is empty: from 250 ms, doubling up to the polling interval', async () => {
    const source = azureQueuePollSource({ connectionString: azure.connectionString, queueName: 'work' });
    const at: number[] = [];
    const loop = startPollLoop({
      source: {
        ...source,
        receive: (max, signal) => {
          at.push(Date.now());
          return source.receive(max, signal);
        },
      },
      step: runnerStep(runnerFromEnv(env(), { tasks, logger: quiet })),
      idleBackoff: { initialMs: 250, maxMs: 1000 },
      logger: quiet,
    });
    await sleep(5000);
    await loop.stop();
    // 250, 500, then 1000 ms apart, never closer (the contract suite bounds the count). A loaded
    // machine only widens the gaps, so each gap is held to its own step's floor (a slow receive
    // can leave fewer gaps in 5 s than an idle machine does, but at least the three to 1000 ms).
    const gaps = at.slice(1).map((t, i) => t - must(at[i]));
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    for (const [i, gap] of gaps.entries())
      expect(gap).toBeGreaterThanOrEqual(Math.min(250 * 2 ** i, 1000) - 10);
  }, 15_000);

  it('moves a message that keeps failing to <queue>-poison after maxDequeueCount deliveries', async () => {
    const queue = new QueueClient(azure.connectionString, 'work');
    const poison = new QueueClient(azure.connectionString, 'work-poison');
    const logger = {
      lines: [] as string[],
      log: (_level: string, msg: string) => void logger.lines.push(msg),
    };
    const poller = createPoller({
      connectionString: azure.connectionString,
      queueName: 'work',
      runner: runnerFromEnv(env(), { tasks, logger: quiet }),
      visibilityTimeoutSeconds: 1,
      maxDequeueCount: 2,
      maxPollingIntervalMs: 250,
      logger,
    });
    // No task id to store a failure under: the runner hands it back every time.
    await queue.sendMessage('not a celery message');
    const deadline = Date.now() + 10_000;
    let moved = await poison.peekMessages();
    while (moved.peekedMessageItems.length === 0 && Date.now() < deadline) {
      await sleep(200);
      moved = await poison.peekMessages();
    }
    await poller.stop();
    expect(moved.peekedMessageItems.map((m) => m.messageText)).toEqual(['not a celery message']);
    expect(logger.lines).toContain('message moved to work-poison after 2 deliveries');
  }, 20_000);
});
