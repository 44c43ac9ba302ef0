import { describeResultStoreContract } from '@celery-cloud/testkit/contracts';
import { describe, expect, it } from 'vitest';
import { ResultTooLarge } from '../errors.js';
import { SUCCESS_PREFIX } from './celeryKeys.js';
import { type KeyValueStore, createKeyValueResultStore } from './keyValueStore.js';

/** The smallest byte store: a map, with a size limit. */
function mapStore(): KeyValueStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    limit: { bytes: 2000, description: 'test limit of 2000 bytes' },
    get: async (key) => values.get(key) ?? null,
    async put(key, { text }, { unlessStartsWith } = {}) {
      if (unlessStartsWith !== undefined && values.get(key)?.startsWith(unlessStartsWith)) return false;
      values.set(key, text);
      return true;
    },
    async increment(key) {
      const next = Number(values.get(key) ?? 0) + 1;
      values.set(key, String(next));
      return next;
    },
    delete: async (key) => void values.delete(key),
  };
}

describe('createKeyValueResultStore over a map', () => {
  describeResultStoreContract(() => createKeyValueResultStore(mapStore()));

  it("stores Celery's keys and bytes, SUCCESS first", async () => {
    const kv = mapStore();
    const store = createKeyValueResultStore(kv);
    await store.set({
      task_id: 't',
      status: 'SUCCESS',
      result: 1,
      traceback: null,
      children: [],
      date_done: null,
    });
    await store.saveGroup('g', [['g', null], []]);
    await store.incrChordCounter('g');
    expect([...kv.values.keys()]).toEqual(['celery-task-meta-t', 'celery-taskset-meta-g', 'chord-unlock-g']);
    expect(kv.values.get('celery-task-meta-t')?.startsWith(SUCCESS_PREFIX)).toBe(true);
  });

  it('refuses a value over the store limit with ResultTooLarge, naming the meta', async () => {
    const store = createKeyValueResultStore(mapStore());
    const big = { task_id: 't', status: 'SUCCESS', result: 'x'.repeat(3000), traceback: null, children: [] };
    await expect(store.set({ ...big, date_done: null })).rejects.toThrow(
      /^the SUCCESS meta of task t is \d+ bytes, over the test limit of 2000 bytes$/,
    );
    await expect(store.set({ ...big, date_done: null })).rejects.toBeInstanceOf(ResultTooLarge);
  });
});
