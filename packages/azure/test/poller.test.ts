import { setTimeout as sleep } from 'node:timers/promises';
import { QueueClient } from '@azure/storage-queue';
import {
  TaskRegistry,
  defineTask,
  encodeTaskMessage,
  startPollLoop,
  wrapForTransport,
} from '@celery-cloud/core';
import { type LocalAzure, startLocalAzure } from '@celery-cloud/local/azure';
import { must } from '@celery-cloud/testkit';
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

  it('keeps a task longer than the visibility timeout invisible until it is done, and runs it once', async () => {
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

  it('backs off while the queue is empty: at most one receive per polling interval once idle', async () => {
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
      runner: runnerFromEnv(env(), { tasks, logger: quiet }),
      idleBackoff: { initialMs: 250, maxMs: 1000 },
      logger: quiet,
    });
    await sleep(5000);
    await loop.stop();
    // 250, 500, then 1000 ms apart: about 7 receives in 5 s, never two within 250 ms.
    expect(at.length).toBeGreaterThanOrEqual(4);
    expect(at.length).toBeLessThanOrEqual(8);
    const gaps = at.slice(1).map((t, i) => t - must(at[i]));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(240);
    expect(gaps.slice(-2).every((gap) => gap >= 990)).toBe(true);
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
    expect((await queue.getProperties()).approximateMessagesCount).toBe(0);
  }, 20_000);
});
