import { describeResultStoreContract } from '@celery-cloud/testkit/contracts';
import { describe, expect, it } from 'vitest';
import type { ResultMeta } from '../types.js';
import { MemoryResultStore } from './MemoryResultStore.js';

const meta = (status: string, result: unknown): ResultMeta => ({
  task_id: 't',
  status,
  result,
  traceback: null,
  children: [],
  date_done: null,
});

describe('MemoryResultStore', () => {
  it('returns copies so callers cannot change stored state', async () => {
    const backend = new MemoryResultStore();
    const written = meta('STARTED', { pid: 1 });
    await backend.set(written);
    (written.result as { pid: number }).pid = 2;
    expect((await backend.get('t'))?.result).toEqual({ pid: 1 });
  });

  it('fails exactly the injected number of writes', async () => {
    const backend = new MemoryResultStore();
    backend.failNextWrites(1);
    await expect(backend.set(meta('STARTED', null))).rejects.toThrow(/injected/);
    await expect(backend.set(meta('STARTED', null))).resolves.toBe(true);
  });

  describeResultStoreContract(() => new MemoryResultStore());
});
