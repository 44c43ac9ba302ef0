import type { DeleteMessageBatchResult } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqsDeleteFailed, sqsDeleteBatcher } from './sqsDeleteBatcher.js';

type Entries = Array<{ Id: string; ReceiptHandle: string }>;

/**
 * A `DeleteMessageBatch` stand-in (call pattern and error paths only) that records each batch and
 * answers it with `answer` once `release()` is called.
 */
function fakeSqs(answer: (entries: Entries) => DeleteMessageBatchResult) {
  const batches: string[][] = [];
  const held: Array<() => void> = [];
  const deleteMessageBatch = async (entries: Entries) => {
    batches.push(entries.map((e) => e.ReceiptHandle));
    await new Promise<void>((resolve) => held.push(resolve));
    return answer(entries);
  };
  const release = async () => {
    for (const r of held.splice(0)) r();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { deleteMessageBatch, batches, release };
}

const allDeleted = (entries: Entries) => ({ Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] });

describe('gathering SQS deletes into DeleteMessageBatch', () => {
  it('without a window, sends the first delete at once and gathers those that come while it is in flight into one call', async () => {
    const { deleteMessageBatch, batches, release } = fakeSqs(allDeleted);
    const del = sqsDeleteBatcher({ deleteMessageBatch, gatherMs: 0 });
    const done = [del('a'), del('b'), del('c'), del('d')];
    expect(batches).toEqual([['a']]);
    await release();
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    await release();
    await expect(Promise.all(done)).resolves.toHaveLength(4);
  });

  it('settles each delete with its own entry: a refused one rejects, the others resolve', async () => {
    const { deleteMessageBatch, release } = fakeSqs((entries) => ({
      Successful: entries.filter((e) => e.ReceiptHandle !== 'bad').map((e) => ({ Id: e.Id })),
      Failed: entries
        .filter((e) => e.ReceiptHandle === 'bad')
        .map((e) => ({ Id: e.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'gone' })),
    }));
    const del = sqsDeleteBatcher({ deleteMessageBatch, gatherMs: 0 });
    const settled = Promise.allSettled([del('first'), del('good'), del('bad')]);
    await release();
    await release();
    const [first, good, bad] = await settled;
    expect([first?.status, good?.status, bad?.status]).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const reason = (bad as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(SqsDeleteFailed);
    expect(reason.message).toBe('ReceiptHandleIsInvalid: gone');
  });

  it('rejects every delete of a call that failed', async () => {
    const { deleteMessageBatch, release } = fakeSqs(() => {
      throw new Error('connection refused');
    });
    const del = sqsDeleteBatcher({ deleteMessageBatch, gatherMs: 0 });
    const results = Promise.allSettled([del('a'), del('b')]);
    await release();
    await release();
    expect((await results).map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('never puts more than 10 deletes in one call', async () => {
    const { deleteMessageBatch, batches, release } = fakeSqs(allDeleted);
    const del = sqsDeleteBatcher({ deleteMessageBatch, gatherMs: 0 });
    const done = Array.from({ length: 13 }, (_, i) => del(`h${i}`));
    await release();
    await release();
    await Promise.all(done);
    expect(batches.map((b) => b.length)).toEqual([1, 10, 2]);
  });

  describe('with a window', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('holds the first delete for the window so the deletes that follow share its call', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { deleteMessageBatch, batches, release } = fakeSqs(allDeleted);
      const del = sqsDeleteBatcher({ deleteMessageBatch, gatherMs: 15 });
      const done = [del('a')];
      await vi.advanceTimersByTimeAsync(10);
      done.push(del('b'), del('c'));
      expect(batches).toEqual([]);
      await vi.advanceTimersByTimeAsync(5);
      expect(batches).toEqual([['a', 'b', 'c']]);
      await release();
      await expect(Promise.all(done)).resolves.toHaveLength(3);
    });

    it('sends at once when 10 deletes are waiting', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { deleteMessageBatch, batches } = fakeSqs(allDeleted);
      const del = sqsDeleteBatcher({ deleteMessageBatch, gatherMs: 15 });
      for (let i = 0; i < 10; i++) void del(`h${i}`);
      expect(batches.map((b) => b.length)).toEqual([10]);
    });

    it('gathers the deletes that come while a call is in flight for a new window once it answers', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { deleteMessageBatch, batches, release } = fakeSqs(allDeleted);
      const del = sqsDeleteBatcher({ deleteMessageBatch, gatherMs: 15 });
      const done = [del('a')];
      await vi.advanceTimersByTimeAsync(15);
      done.push(del('b'));
      await release();
      done.push(del('c'));
      expect(batches).toEqual([['a']]);
      await vi.advanceTimersByTimeAsync(15);
      expect(batches).toEqual([['a'], ['b', 'c']]);
      await release();
      await expect(Promise.all(done)).resolves.toHaveLength(3);
    });
  });
});
