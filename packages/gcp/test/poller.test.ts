import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@celery-cloud/client';
import {
  type MessageOutcome,
  TaskRegistry,
  defineTask,
  encodeTaskMessage,
  wrapForTransport,
} from '@celery-cloud/core';
import { type LocalGcp, hasGcpEmulators, startLocalGcp } from '@celery-cloud/local/gcp';
import { describeWhen, startToggleProxy } from '@celery-cloud/testkit';
import { PubSub } from '@google-cloud/pubsub';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPoller, createPublisher, createResultStore, runnerFromEnv } from '../src/index.js';

const runs = new Map<string, number>();
const count = (id: string) => runs.set(id, (runs.get(id) ?? 0) + 1);

const tasks = new TaskRegistry().register(
  defineTask('slow.wait', async (ctx, seconds: number) => {
    count(ctx.id);
    await sleep(seconds * 1000);
    return seconds;
  }),
  defineTask('proj.when', (ctx) => {
    count(ctx.id);
    return Date.now();
  }),
);

const quiet = { log: () => {} };

const gcp = describeWhen(
  hasGcpEmulators(),
  'Java or the gcloud Firestore/Pub/Sub emulator jars are missing: GCP poller tests did not run',
);

gcp('the Pub/Sub poller (celery-cloud worker --provider gcp) and runnerFromEnv on the emulators', () => {
  let stack: LocalGcp;
  let client: ReturnType<typeof createClient>;

  beforeAll(async () => {
    stack = await startLocalGcp({ queue: 'work' });
    client = createClient({
      publisher: createPublisher({ pubsub: stack.pubsub, topic: stack.topic }),
      backend: createResultStore({ firestore: stack.firestore }),
      defaultQueue: 'work',
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const env = () => ({ ...stack.env, CELERY_CLOUD_LOG_LEVEL: 'error' });

  it('extends the 2 s ack deadline of a 7 s task (a 90 s task, shortened), runs it once, and holds a countdown until due', async () => {
    const outcomes: MessageOutcome[] = [];
    const poller = await createPoller({
      pubsub: stack.pubsub,
      subscription: 'kombu-work',
      queues: ['work'],
      runner: runnerFromEnv(env(), { tasks, logger: quiet }),
      ackDeadlineSeconds: 2,
      waitTimeSeconds: 1,
      logger: quiet,
      onSettled: (o) => outcomes.push(o),
    });
    const sentAt = Date.now();
    const long = await client.sendTask<number>('slow.wait', [7], {}, { task_id: 'gcp-long-1' });
    const when = await client.sendTask<number>('proj.when', [], {}, { countdown: 3, task_id: 'gcp-when-1' });
    expect(await long.get({ timeout: 30 })).toBe(7);
    expect(await when.get({ timeout: 30 })).toBeGreaterThanOrEqual(sentAt + 3000);
    // Two more deadlines: a message left behind would have come back by now.
    await sleep(4500);
    await poller.stop();
    expect(runs.get('gcp-long-1')).toBe(1);
    expect(runs.get('gcp-when-1')).toBe(1);
    expect(outcomes.filter((o) => o.taskId === 'gcp-when-1')).toMatchObject([
      { action: 'redeliver', delaySeconds: expect.any(Number) },
      { action: 'ack', state: 'SUCCESS' },
    ]);
  }, 40_000);

  it('logs at error level when an ack deadline ran out while its task still ran (a heartbeat slower than it)', async () => {
    const lines: Array<[string, string]> = [];
    const poller = await createPoller({
      pubsub: stack.pubsub,
      subscription: 'kombu-work',
      queues: ['work'],
      runner: runnerFromEnv(env(), { tasks, logger: quiet }),
      concurrency: 1,
      ackDeadlineSeconds: 1,
      heartbeatMs: 10_000,
      waitTimeSeconds: 1,
      logger: { log: (level, msg) => void lines.push([level, msg]) },
    });
    const result = await client.sendTask<number>('slow.wait', [2.5], {}, { task_id: 'gcp-expired-1' });
    expect(await result.get({ timeout: 20 })).toBe(2.5);
    await poller.stop();
    expect(lines).toContainEqual([
      'error',
      'the message lease expired while its task still runs: it may be delivered again',
    ]);
  }, 30_000);

  it('keeps pulling while Pub/Sub is unreachable, logs each failed pull with back-off, and loses nothing', async () => {
    const proxy = await startToggleProxy(`http://${stack.env.PUBSUB_EMULATOR_HOST}`);
    proxy.setReachable(false);
    const pubsub = new PubSub({
      projectId: stack.pubsub.projectId,
      apiEndpoint: new URL(proxy.endpoint).host,
      emulatorMode: true,
    });
    const lines: string[] = [];
    const outcomes: MessageOutcome[] = [];
    const poller = await createPoller({
      pubsub,
      subscription: 'kombu-work',
      queues: ['work'],
      runner: runnerFromEnv(env(), { tasks, logger: quiet }),
      waitTimeSeconds: 1,
      errorBackoff: { initialMs: 200, maxMs: 800 },
      logger: { log: (level, msg) => void lines.push(`${level} ${msg}`) },
      onSettled: (o) => outcomes.push(o),
    });
    // Sent while the worker cannot reach Pub/Sub: it waits in the subscription.
    const result = await client.sendTask<number>('proj.when', [], {}, { task_id: 'gcp-faults-1' });
    await sleep(2500);
    const whileDown = lines.filter((l) => l.startsWith('warn receiving failed')).length;
    proxy.setReachable(true);
    const ranAt = await result.get({ timeout: 30 });
    await poller.stop();
    await proxy.stop();
    await pubsub.close();
    // 200, 400, 800, 800 ms apart: a handful of lines, not a tight loop.
    expect(whileDown).toBeGreaterThanOrEqual(2);
    expect(whileDown).toBeLessThanOrEqual(6);
    expect(ranAt).toBeGreaterThan(0);
    expect(runs.get('gcp-faults-1')).toBe(1);
    // The subscription is shared with the tests above: only this test's message is asserted on.
    expect(outcomes.filter((o) => o.taskId === 'gcp-faults-1')).toMatchObject([
      { action: 'ack', state: 'SUCCESS' },
    ]);
  }, 45_000);

  it("writes expires_at = now + Celery's result_expires (CELERY_RESULT_EXPIRES)", async () => {
    const envelope = encodeTaskMessage({ id: 'gcp-expires-1', task: 'proj.when', args: [], kwargs: {} });
    const { data_base64 } = wrapForTransport(envelope, 'pubsub');
    const runner = runnerFromEnv({ ...env(), CELERY_RESULT_EXPIRES: '3600' }, { tasks, logger: quiet });
    const [outcome] = await runner.runBatch([
      {
        messageId: 'm-expires',
        transport: 'pubsub',
        payload: { data_base64, attributes: { routing_key: 'work' } },
      },
    ]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'SUCCESS' });
    const doc = await stack.firestore.collection('celery').doc('celery-task-meta-gcp-expires-1').get();
    const expiresAt = (doc.get('expires_at') as { toMillis(): number }).toMillis();
    expect((expiresAt - Date.now()) / 1000).toBeCloseTo(3600, -1);
  });
});
