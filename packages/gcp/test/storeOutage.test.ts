import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@celery-cloud/client';
import {
  type MessageOutcome,
  type Runner,
  type RunnerLogger,
  TaskRegistry,
  createRunner,
  defineTask,
} from '@celery-cloud/core';
import { type LocalGcp, hasGcpEmulators, startLocalGcp } from '@celery-cloud/local/gcp';
import { type ToggleProxy, describeWhen, startToggleProxy } from '@celery-cloud/testkit';
import { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPoller, createPublisher, createResultStore, runnerFromEnv } from '../src/index.js';
import { gcpRunnerOptions } from '../src/runnerFromEnv.js';

const tasks = new TaskRegistry().register(defineTask('proj.add', (_ctx, a: number, b: number) => a + b));

const quiet = { log: () => {} };

/** Wait (up to 30 s) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (const started = Date.now(); !done(); await sleep(100)) {
    if (Date.now() - started > 30_000) throw new Error('timed out waiting for the worker');
  }
}

const gcp = describeWhen(
  hasGcpEmulators(),
  'Java or the gcloud Firestore/Pub/Sub emulator jars are missing: GCP store outage test did not run',
);

gcp('the Pub/Sub worker while Firestore is unreachable (CELERY_CLOUD_STORE_TIMEOUT)', () => {
  let stack: LocalGcp;
  let proxy: ToggleProxy;

  beforeAll(async () => {
    stack = await startLocalGcp({ queue: 'outage' });
    proxy = await startToggleProxy(`http://${stack.env.FIRESTORE_EMULATOR_HOST}`);
  }, 60_000);

  afterAll(async () => {
    await proxy?.stop();
    await stack?.stop();
  });

  type Env = Record<string, string>;
  // The worker as deployed (the REST client), and with a caller's own SDK client.
  const workers: Array<[string, (env: Env, logger: RunnerLogger) => Runner]> = [
    ['the REST client', (env, logger) => runnerFromEnv(env, { tasks, logger })],
    [
      'the SDK',
      (env, logger) => {
        const firestore = new Firestore({
          projectId: env.GOOGLE_CLOUD_PROJECT,
          host: env.FIRESTORE_EMULATOR_HOST,
          ssl: false,
          customHeaders: { Authorization: 'Bearer owner' },
        });
        return createRunner({
          ...gcpRunnerOptions(env, { tasks, logger }),
          backend: createResultStore({ firestore }),
        });
      },
    ],
  ];

  it.each(workers)(
    'through %s: logs each store write that did not answer, keeps running, and stores SUCCESS once Firestore is back',
    async (name, worker) => {
      const id = (n: number) => `outage-${name.split(' ').at(-1)}-${n}`;
      const lines: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
      const outcomes: MessageOutcome[] = [];
      // The worker reaches Firestore only through the proxy; the client reads it directly.
      const env = {
        ...stack.env,
        FIRESTORE_EMULATOR_HOST: new URL(proxy.endpoint).host,
        CELERY_CLOUD_STORE_TIMEOUT: '2',
      };
      const logger = {
        log: (level: string, message: string, fields = {}) => void lines.push({ level, message, fields }),
      };
      const poller = await createPoller({
        pubsub: stack.pubsub,
        subscription: 'kombu-outage',
        queues: ['outage'],
        runner: worker(env, logger),
        waitTimeSeconds: 1,
        logger: quiet,
        onSettled: (o) => outcomes.push(o),
      });
      const client = createClient({
        publisher: createPublisher({ pubsub: stack.pubsub, topic: stack.topic }),
        backend: createResultStore({ firestore: stack.firestore }),
        defaultQueue: 'outage',
      });
      try {
        // A first task stored and acked through the proxy: the worker's Firestore client is connected.
        expect(
          await (await client.sendTask<number>('proj.add', [1, 1], {}, { task_id: id(0) })).get({
            timeout: 30,
          }),
        ).toBe(2);
        await until(() => outcomes.some((o) => o.taskId === id(0) && o.action === 'ack'));
        proxy.setReachable(false);
        const result = await client.sendTask<number>('proj.add', [2, 3], {}, { task_id: id(1) });
        await sleep(7000);
        const failures = lines.filter((l) => l.fields.taskId === id(1));
        const timedOut = outcomes.filter((o) => o.taskId === id(1) && o.action === 'redeliver');
        proxy.setReachable(true);
        expect(await result.get({ timeout: 60 })).toBe(5);
        // One error line per attempt, each naming the write and the deadline, about 2 s apart.
        expect(timedOut.length).toBeGreaterThanOrEqual(1);
        expect(timedOut.length).toBeLessThanOrEqual(4);
        for (const o of timedOut)
          expect(o).toMatchObject({
            reason: expect.stringMatching(/result store set did not answer within 2000 ms/),
          });
        expect(failures.filter((l) => l.level === 'error').length).toBe(timedOut.length);
        // The client can read SUCCESS before the worker has acked: a write that timed out may land
        // once Firestore answers again, and the redelivered message is then acked as done.
        await until(() => outcomes.some((o) => o.taskId === id(1) && o.action === 'ack'));
        expect(outcomes.filter((o) => o.taskId === id(1)).at(-1)).toMatchObject({
          action: 'ack',
          state: 'SUCCESS',
        });
      } finally {
        await poller.stop();
      }
    },
    120_000,
  );
});
