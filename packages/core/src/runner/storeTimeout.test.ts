import { describe, expect, it } from 'vitest';
import { MemoryResultStore } from '../memory/MemoryResultStore.js';
import { sqsMessage, testRunner } from '../testing/index.js';
import { TaskRegistry } from './TaskRegistry.js';
import { defineTask } from './defineTask.js';

/**
 * A memory store that, while down, holds every write unanswered (as an unreachable Firestore
 * was seen to) until `release()` lets the held writes land, late.
 */
class UnreachableStore extends MemoryResultStore {
  down = true;
  readonly #held: Array<() => void> = [];

  override set(meta: Parameters<MemoryResultStore['set']>[0]): Promise<boolean> {
    if (!this.down) return super.set(meta);
    return new Promise((resolve, reject) => {
      this.#held.push(() => super.set(meta).then(resolve, reject));
    });
  }

  /** Let the writes held while down land now, in the order they were made. */
  release(): void {
    for (const land of this.#held.splice(0)) land();
  }
}

const tasks = () =>
  new TaskRegistry().register(defineTask('proj.add', (_ctx, a: number, b: number) => a + b));

describe('a result store that does not answer', () => {
  it('fails the write after the deadline, logs it with what was lost, and hands the message back', async () => {
    const backend = new UnreachableStore();
    const { runner, logger } = testRunner({ backend, tasks: tasks(), storeTimeoutMs: 40 });
    const [outcome] = await runner.runBatch([sqsMessage({ id: 'hung-1', task: 'proj.add', args: [1, 2] })]);
    expect(outcome).toMatchObject({
      action: 'redeliver',
      taskId: 'hung-1',
      reason: 'result store write failed (SUCCESS): result store set did not answer within 40 ms',
    });
    const line = logger.lines.find((l) => l.fields.lostState === 'SUCCESS');
    expect(line).toMatchObject({ level: 'error', fields: { lostState: 'SUCCESS', lostResult: 3 } });
  });

  it('stores SUCCESS on the redelivery once the store is back', async () => {
    const backend = new UnreachableStore();
    const { runner } = testRunner({ backend, tasks: tasks(), storeTimeoutMs: 40 });
    const message = sqsMessage({ id: 'hung-2', task: 'proj.add', args: [2, 3] });
    expect((await runner.runBatch([message]))[0]?.action).toBe('redeliver');
    backend.down = false;
    const [again] = await runner.runBatch([{ ...message, receiveCount: 2 }]);
    expect(again).toMatchObject({ action: 'ack', taskId: 'hung-2' });
    expect(await backend.get('hung-2')).toMatchObject({ status: 'SUCCESS', result: 5 });
  });

  it('lets the abandoned writes land late without replacing the stored SUCCESS', async () => {
    const backend = new UnreachableStore();
    const { runner } = testRunner({ backend, tasks: tasks(), storeTimeoutMs: 40, trackStarted: true });
    const message = sqsMessage({ id: 'hung-3', task: 'proj.add', args: [4, 5] });
    expect((await runner.runBatch([message]))[0]?.action).toBe('redeliver');
    backend.down = false;
    expect((await runner.runBatch([{ ...message, receiveCount: 2 }]))[0]?.action).toBe('ack');
    const before = backend.writes.length;
    backend.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The first delivery's STARTED, abandoned at the deadline, arrives after SUCCESS and is skipped.
    expect(backend.writes.slice(before).map((w) => w.status)).toEqual(['STARTED']);
    expect(await backend.get('hung-3')).toMatchObject({ status: 'SUCCESS', result: 9 });
  });
});
