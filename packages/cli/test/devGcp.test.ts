import { hasGcpEmulators } from '@celery-cloud/local/gcp';
import { describe, expect, it } from 'vitest';
import { startDevProcess } from './devProcess.js';

describe.skipIf(!hasGcpEmulators())('celery-cloud dev --provider gcp', () => {
  it('runs the emulators and the Cloud Function handler, and completes the demo round trips', async () => {
    const dev = await startDevProcess(
      ['--tasks', 'examples/tasks.ts', '--demo', '--summary-interval', '0'],
      'gcp',
    );
    expect(dev.config).toMatchObject({ queue: 'celery', topic: 'celery' });
    expect(await dev.exited).toBe(0);
    expect(dev.stderr()).toMatch(/^demo: tasks\.add\(2, 3\) -> 5 \(SUCCESS\) in \d+ ms$/m);
    expect(dev.stderr()).toContain(
      'round trips completed (sent to Pub/Sub, run, result read back from Firestore)',
    );
    expect(dev.extraStdout).toEqual([]);
  }, 90_000);
});
