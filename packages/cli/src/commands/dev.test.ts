import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { dev } from './dev.js';

function io(env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return {
    io: { stdin: new PassThrough(), stdout, stderr, env },
    out: () => `${stdout.read() ?? ''}`,
    err: () => `${stderr.read() ?? ''}`,
  };
}

describe('dev', () => {
  it('exits 2 with one line on stderr for a bad flag, starting nothing', async () => {
    const run = io();
    expect(await dev(['--provider', 'aws', '--batch-size', 'many'], run.io)).toBe(2);
    expect(run.err()).toBe('dev: --batch-size must be an integer from 1 to 10000, got "many"\n');
    expect(run.out()).toBe('');
  });

  it('exits 2 when the tasks module cannot be loaded', async () => {
    const run = io();
    expect(await dev(['--provider', 'aws', '--tasks', 'no/such/tasks.ts'], run.io)).toBe(2);
    expect(run.err()).toMatch(/^dev: --tasks no\/such\/tasks\.ts: cannot load the module/);
  });

  it('leaves no signal listener behind', async () => {
    const before = process.listenerCount('SIGTERM');
    await dev(['--provider', 'aws', '--port', '0'], io().io);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
