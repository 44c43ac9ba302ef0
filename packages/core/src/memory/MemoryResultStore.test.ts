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
  it('never replaces a stored SUCCESS', async () => {
    const backend = new MemoryResultStore();
    expect(await backend.set(meta('SUCCESS', 1))).toBe(true);
    expect(await backend.set(meta('FAILURE', null))).toBe(false);
    expect((await backend.get('t'))?.status).toBe('SUCCESS');
  });

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

  it('counts chord parts and keeps group records', async () => {
    const backend = new MemoryResultStore();
    expect([await backend.incrChordCounter('g'), await backend.incrChordCounter('g')]).toEqual([1, 2]);
    await backend.deleteChordCounter('g');
    expect(backend.chordCounter('g')).toBe(0);
    await backend.saveGroup('g', [['g', null], []]);
    expect(await backend.getGroup('g')).toEqual([['g', null], []]);
    await backend.deleteGroup('g');
    expect(await backend.getGroup('g')).toBeNull();
  });
});
