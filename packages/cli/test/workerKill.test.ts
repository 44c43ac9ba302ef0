import { setTimeout as sleep } from 'node:timers/promises';
import * as azure from '@celery-cloud/azure';
import { type ResultStore, encodeTaskMessage } from '@celery-cloud/core';
import * as gcp from '@celery-cloud/gcp';
import { type LocalAzure, startLocalAzure } from '@celery-cloud/local/azure';
import { type LocalGcp, hasGcpEmulators, startLocalGcp } from '@celery-cloud/local/gcp';
import { describeWhen } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WorkerProcess, startWorkerProcess } from './devProcess.js';
import { waitForStatus } from './waitForStatus.js';

/** What both clouds check: killed mid-task, redelivered after its lease, run once more to SUCCESS. */
async function killMidTask(options: {
  id: string;
  start: () => WorkerProcess;
  send: () => Promise<void>;
  store: ResultStore;
}) {
  const first = options.start();
  await options.send();
  const started = await waitForStatus(options.store, options.id, 'STARTED', 30_000);
  first.child.kill('SIGKILL');
  await first.exited;
  const second = options.start();
  const meta = await waitForStatus(options.store, options.id, 'SUCCESS', 30_000);
  // A second delivery would show as a second task line within another lease.
  await sleep(4000);
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
  expect(started?.status).toBe('STARTED');
  expect(first.stdout()).not.toMatch(new RegExp(`^task ${options.id} `, 'm'));
  expect(meta).toMatchObject({ status: 'SUCCESS', result: 4 });
  expect(
    second.stdout().match(new RegExp(`^task ${options.id} tasks\\.sleep SUCCESS \\d+ ms$`, 'gm')),
  ).toHaveLength(1);
}

// A 3 s lease: the 4 s task outlives it, so the redelivery comes from the lease, not a long wait.
const flags = ['--tasks=examples/tasks.ts', '--wait-time=1', '--visibility-timeout=3', '--concurrency=1'];
const trackStarted = { CELERY_TASK_TRACK_STARTED: 'true' };

describe('celery-cloud worker --provider azure killed with SIGKILL mid-task (Azurite)', () => {
  let stack: LocalAzure;

  beforeAll(async () => {
    stack = await startLocalAzure({ queue: 'crash' });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('has its message delivered again after the lease and run once more, on another worker, to SUCCESS', async () => {
    await killMidTask({
      id: 'az-crash-1',
      start: () =>
        startWorkerProcess(['--provider=azure', '--queue=crash', ...flags], {
          ...stack.env,
          ...trackStarted,
        }),
      send: () =>
        azure
          .createPublisher({ connectionString: stack.connectionString })
          .publish(encodeTaskMessage({ id: 'az-crash-1', task: 'tasks.sleep', args: [4], kwargs: {} }), {
            queue: 'crash',
          }),
      store: azure.createResultStore({ url: stack.env.CELERY_RESULT_BACKEND, container: stack.container }),
    });
  }, 90_000);
});

describeWhen(
  hasGcpEmulators(),
  'Java or the gcloud Firestore/Pub/Sub emulator jars are missing: the GCP worker kill test did not run',
)('celery-cloud worker --provider gcp killed with SIGKILL mid-task (Pub/Sub emulator)', () => {
  let stack: LocalGcp;

  beforeAll(async () => {
    stack = await startLocalGcp({ queue: 'crash' });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('has its message delivered again after the ack deadline and run once more, on another worker, to SUCCESS', async () => {
    await killMidTask({
      id: 'gcp-crash-1',
      start: () =>
        startWorkerProcess(['--provider=gcp', '--queue=crash', ...flags], {
          ...stack.env,
          ...trackStarted,
        }),
      send: () =>
        gcp
          .createPublisher({ pubsub: stack.pubsub, topic: stack.topic })
          .publish(encodeTaskMessage({ id: 'gcp-crash-1', task: 'tasks.sleep', args: [4], kwargs: {} }), {
            queue: 'crash',
          }),
      store: gcp.createResultStore({ firestore: stack.firestore }),
    });
  }, 90_000);
});
