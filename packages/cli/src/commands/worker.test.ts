import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { worker } from './worker.js';

describe('worker', () => {
  it('exits 2 naming the missing queue URL', async () => {
    const stderr = new PassThrough();
    const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {} };
    expect(await worker(['--provider', 'aws'], io)).toBe(2);
    expect(`${stderr.read()}`).toBe(
      'worker: --queue-url <url> (or env CELERY_CLOUD_QUEUE_URL) is required\n',
    );
  });
});
