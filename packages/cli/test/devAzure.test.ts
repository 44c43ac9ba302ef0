import { describe, expect, it } from 'vitest';
import { freePortRange, startDevProcess } from './devProcess.js';

describe('celery-cloud dev --provider azure', () => {
  it('runs Azurite and the Function App handler, and completes the demo round trips', async () => {
    const port = await freePortRange(3);
    const dev = await startDevProcess(
      ['--tasks', 'examples/tasks.ts', '--demo', '--summary-interval', '0', '--port', String(port)],
      'azure',
    );
    expect(dev.config.broker_url).toMatch(
      new RegExp(`^azurestoragequeues://\\S+@http://127\\.0\\.0\\.1:${port + 1}/devstoreaccount1$`),
    );
    expect(dev.config.transport_options).toEqual({});
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
