import { hasGcpEmulators } from '@celery-cloud/local/gcp';
import { describe, expect, it } from 'vitest';
import { freePortRange, startDevProcess } from './devProcess.js';

describe.skipIf(!hasGcpEmulators())('celery-cloud dev --provider gcp', () => {
  it('runs the emulators and the Cloud Function handler, and completes the demo round trips', async () => {
    const port = await freePortRange(4);
    const dev = await startDevProcess(
      ['--tasks', 'examples/tasks.ts', '--demo', '--summary-interval', '0', '--port', String(port)],
      'gcp',
    );
    expect(dev.config).toMatchObject({
      queue: 'celery',
      topic: 'celery',
      broker_url: 'gcpubsub://projects/celery-cloud-local',
      backend_url: 'celery_cloud_firestore:FirestoreBackend+firestore://celery-cloud-local/celery',
      transport_options: {},
      client_env: {
        GOOGLE_CLOUD_PROJECT: 'celery-cloud-local',
        FIRESTORE_EMULATOR_HOST: `127.0.0.1:${port}`,
        PUBSUB_EMULATOR_HOST: `127.0.0.1:${port + 3}`,
      },
    });
    expect(await dev.exited).toBe(0);
    expect(dev.stderr()).toMatch(/^demo: tasks\.add\(2, 3\) -> 5 \(SUCCESS\) in \d+ ms$/m);
    expect(dev.stderr()).toContain(
      'round trips completed (sent to Pub/Sub, run, result read back from Firestore)',
    );
    expect(dev.extraStdout).toEqual([]);
  }, 90_000);
});
