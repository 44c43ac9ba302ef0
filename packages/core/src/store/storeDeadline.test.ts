import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, StoreTimeout } from '../errors.js';
import { MemoryResultStore } from '../memory/MemoryResultStore.js';
import type { ResultStore } from '../ports.js';
import type { ResultMeta } from '../types.js';
import { storeWithDeadline } from './storeDeadline.js';

const success: ResultMeta = {
  task_id: 't1',
  status: 'SUCCESS',
  result: 3,
  traceback: null,
  children: [],
  date_done: null,
};

/** A memory store whose `get` answers only after `delayMs`, with `outcome` (a value or a rejection). */
function slowGet(delayMs: number, outcome: 'answer' | 'reject'): ResultStore {
  const store = new MemoryResultStore();
  store.get = async () => {
    await sleep(delayMs);
    if (outcome === 'reject') throw new Error('late failure');
    return null;
  };
  return store;
}

describe('storeWithDeadline', () => {
  const unhandled: unknown[] = [];
  const listen = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => process.on('unhandledRejection', listen));
  afterEach(() => {
    process.off('unhandledRejection', listen);
    unhandled.length = 0;
  });

  it('passes an answer given in time through unchanged', async () => {
    const store = storeWithDeadline(new MemoryResultStore(), 1000);
    expect(await store.set(success)).toBe(true);
    expect(await store.get('t1')).toMatchObject({ status: 'SUCCESS', result: 3 });
  });

  it('fails a call that does not answer in time with StoreTimeout naming the operation and the deadline', async () => {
    const store = storeWithDeadline(slowGet(10_000, 'answer'), 30);
    const error = await store.get('t1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreTimeout);
    expect(error).toMatchObject({ operation: 'get', timeoutMs: 30 });
    expect((error as Error).message).toBe('result store get did not answer within 30 ms');
  });

  it('lets an abandoned call fail later without an unhandled rejection', async () => {
    const store = storeWithDeadline(slowGet(60, 'reject'), 10);
    await expect(store.get('t1')).rejects.toBeInstanceOf(StoreTimeout);
    await sleep(120);
    expect(unhandled).toEqual([]);
  });

  it('turns a store that throws synchronously into a rejection', async () => {
    const store = new MemoryResultStore();
    store.set = () => {
      throw new Error('sync throw');
    };
    await expect(storeWithDeadline(store, 1000).set(success)).rejects.toThrow('sync throw');
  });

  it('offers forget only when the store can forget', async () => {
    const inner = new MemoryResultStore();
    await inner.set(success);
    const bounded = storeWithDeadline(inner, 1000);
    await bounded.forget?.('t1');
    expect(await inner.get('t1')).toBeNull();
    const { forget: _, ...withoutForget } = {
      get: inner.get.bind(inner),
      set: inner.set.bind(inner),
      getGroup: inner.getGroup.bind(inner),
      saveGroup: inner.saveGroup.bind(inner),
      deleteGroup: inner.deleteGroup.bind(inner),
      incrChordCounter: inner.incrChordCounter.bind(inner),
      deleteChordCounter: inner.deleteChordCounter.bind(inner),
      forget: undefined,
    };
    expect(storeWithDeadline(withoutForget, 1000).forget).toBeUndefined();
  });

  it('refuses a deadline that is not a positive number', () => {
    expect(() => storeWithDeadline(new MemoryResultStore(), 0)).toThrow(ConfigError);
    expect(() => storeWithDeadline(new MemoryResultStore(), Number.NaN)).toThrow(ConfigError);
  });
});
