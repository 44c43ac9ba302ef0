import * as azure from '@celery-cloud/azure';
import { encodeTaskMessage } from '@celery-cloud/core';
import * as gcp from '@celery-cloud/gcp';
import { startLocalAzure } from '@celery-cloud/local/azure';
import { hasGcpEmulators, startLocalGcp } from '@celery-cloud/local/gcp';
import { describe, expect, it } from 'vitest';
import { startWorkerProcess } from './devProcess.js';
import { waitForStatus } from './waitForStatus.js';

describe('celery-cloud worker --provider azure', () => {
  it('polls the Storage Queue with the app settings a container gets and stops cleanly on SIGTERM', async () => {
    const stack = await startLocalAzure({ queue: 'work' });
    try {
      const worker = startWorkerProcess(
        ['--provider=azure', '--queue=work', '--tasks=examples/tasks.ts', '--wait-time=1'],
        stack.env,
      );
      const envelope = encodeTaskMessage({ id: 'az-worker-1', task: 'tasks.mul', args: [6, 7], kwargs: {} });
      await azure
        .createPublisher({ connectionString: stack.connectionString })
        .publish(envelope, { queue: 'work' });
      const store = azure.createResultStore({
        url: stack.env.CELERY_RESULT_BACKEND,
        container: stack.container,
      });
      const meta = await waitForStatus(store, 'az-worker-1', 'SUCCESS', 20_000);
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(meta).toMatchObject({ status: 'SUCCESS', result: 42 });
      expect(worker.stdout()).toMatch(/^worker: polling Azure queue work$/m);
      expect(worker.stdout()).toMatch(/^task az-worker-1 tasks\.mul SUCCESS \d+ ms$/m);
    } finally {
      await stack.stop();
    }
  }, 60_000);
});

describe.skipIf(!hasGcpEmulators())('celery-cloud worker --provider gcp', () => {
  it('pulls from the subscription with the environment a container gets and stops cleanly on SIGTERM', async () => {
    const stack = await startLocalGcp({ queue: 'work' });
    try {
      const worker = startWorkerProcess(
        ['--provider=gcp', '--queue=work', '--tasks=examples/tasks.ts', '--wait-time=1'],
        stack.env,
      );
      const envelope = encodeTaskMessage({ id: 'gcp-worker-1', task: 'tasks.mul', args: [6, 7], kwargs: {} });
      await gcp
        .createPublisher({ pubsub: stack.pubsub, topic: stack.topic })
        .publish(envelope, { queue: 'work' });
      const meta = await waitForStatus(
        gcp.createResultStore({ firestore: stack.firestore }),
        'gcp-worker-1',
        'SUCCESS',
        30_000,
      );
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(meta).toMatchObject({ status: 'SUCCESS', result: 42 });
      expect(worker.stdout()).toMatch(/^worker: polling Pub\/Sub subscription kombu-work$/m);
    } finally {
      await stack.stop();
    }
  }, 60_000);
});
