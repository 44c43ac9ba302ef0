import { describe, expect, it } from 'vitest';
import { startDevProcess } from './devProcess.js';

describe('celery-cloud dev --provider azure', () => {
  it('runs Azurite and the Function App handler, and completes the demo round trips', async () => {
    const dev = await startDevProcess(
      ['--tasks', 'examples/tasks.ts', '--demo', '--summary-interval', '0'],
      'azure',
    );
    expect(dev.config.broker_url).toMatch(
      /^azurestoragequeues:\/\/\S+@http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/,
    );
    expect(dev.config.backend_url).toMatch(
      /^azureblockblob:\/\/DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;/,
    );
    expect(await dev.exited).toBe(0);
    expect(dev.stderr()).toMatch(/^demo: tasks\.add\(2, 3\) -> 5 \(SUCCESS\) in \d+ ms$/m);
    expect(dev.stderr()).toMatch(
      /^demo: tasks\.fail\("demo input"\) -> ValueError\("demo input"\) \(FAILURE\) in \d+ ms$/m,
    );
    expect(dev.stderr()).toContain(
      'round trips completed (sent to the Storage Queue, run, result read back from Blob Storage)',
    );
    expect(dev.extraStdout).toEqual([]);
  }, 60_000);
});
