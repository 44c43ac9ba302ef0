import { setTimeout as sleep } from 'node:timers/promises';
import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import type { InboundMessage, MessageOutcome } from '../ports.js';
import type { LogLevel } from './logger.js';
import { runnerStep } from './pollStep.js';
import { type PollSource, startPollLoop } from './startPollLoop.js';
import type { BatchContext } from './types.js';

interface Fake {
  id: string;
  group: string | null;
}

/** An in-memory queue: hands out `messages` once, records what the loop does with them. */
function fakeSource(
  messages: Fake[],
  options: { leaseMs?: number; failReceives?: number; ackMs?: number; maxPerReceive?: number } = {},
) {
  const pending = [...messages];
  const calls: string[] = [];
  const asked: number[] = [];
  // Receives out at once, and messages received and not yet acked or handed back: the most of each.
  const most = { receiving: 0, receivingWhileEmpty: 0, held: 0 };
  let receiving = 0;
  let held = 0;
  let failReceives = options.failReceives ?? 0;
  const source: PollSource<Fake> = {
    leaseMs: options.leaseMs ?? 1000,
    ...(options.maxPerReceive === undefined ? {} : { maxPerReceive: options.maxPerReceive }),
    async receive(max) {
      calls.push('receive');
      asked.push(max);
      if (failReceives > 0) {
        failReceives -= 1;
        throw new Error('queue unreachable');
      }
      receiving += 1;
      most.receiving = Math.max(most.receiving, receiving);
      if (pending.length === 0) most.receivingWhileEmpty = Math.max(most.receivingWhileEmpty, receiving);
      await sleep(5);
      receiving -= 1;
      const batch = pending.splice(0, max);
      held += batch.length;
      most.held = Math.max(most.held, held);
      return batch;
    },
    toInbound: (m): InboundMessage => ({ messageId: m.id, transport: 'sqs', payload: m.id }),
    groupOf: (m) => m.group,
    ack: async (m) => {
      held -= 1;
      calls.push(`ack ${m.id}`);
      if (options.ackMs) {
        await sleep(options.ackMs);
        calls.push(`acked ${m.id}`);
      }
    },
    extend: async (m) => {
      calls.push(`extend ${m.id}`);
    },
    release: async (m, delay) => {
      held -= 1;
      calls.push(`release ${m.id} ${delay}`);
    },
  };
  return { source, calls, asked, most };
}

/** A runner that takes `ms[id]` milliseconds per message and answers `answers[id]` (default ack). */
function fakeRunner(ms: Record<string, number>, answers: Record<string, Partial<MessageOutcome>> = {}) {
  const started: string[] = [];
  let running = 0;
  let maxRunning = 0;
  return {
    started,
    maxRunning: () => maxRunning,
    async runBatch([m]: InboundMessage[]): Promise<MessageOutcome[]> {
      const id = must(m).messageId;
      started.push(id);
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await sleep(ms[id] ?? 0);
      running -= 1;
      const answer = answers[id] ?? { action: 'ack', state: 'SUCCESS' };
      return [{ messageId: id, taskId: id, ...answer } as MessageOutcome];
    },
  };
}

function memoryLogger() {
  const lines: Array<[LogLevel, string]> = [];
  return { lines, log: (level: LogLevel, msg: string) => void lines.push([level, msg]) };
}

async function until(check: () => boolean, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(10);
}

describe('startPollLoop', () => {
  it('extends the lease of a running task, acks it when done, and never runs more than `concurrency`', async () => {
    const { source, calls } = fakeSource(
      ['a', 'b', 'c'].map((id) => ({ id, group: null })),
      { leaseMs: 300 },
    );
    const runner = fakeRunner({ a: 700, b: 700, c: 10 });
    const loop = startPollLoop({ source, step: runnerStep(runner), concurrency: 2, logger: memoryLogger() });
    await until(() => calls.includes('ack c'));
    await loop.stop();
    expect(runner.maxRunning()).toBe(2);
    expect(calls.filter((c) => c === 'extend a').length).toBeGreaterThanOrEqual(2);
    expect(calls).toEqual(expect.arrayContaining(['ack a', 'ack b', 'ack c']));
  });

  it('receives up to `prefetch` messages ahead of the free slots and keeps their leases while they wait', async () => {
    const { source, calls, asked } = fakeSource(
      ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, group: null })),
      { leaseMs: 300 },
    );
    const runner = fakeRunner({ a: 700, b: 700 });
    const loop = startPollLoop({
      source,
      step: runnerStep(runner),
      concurrency: 2,
      prefetch: 2,
      logger: memoryLogger(),
    });
    await until(() => calls.includes('ack e'));
    await loop.stop();
    expect(asked[0]).toBe(4);
    expect(runner.maxRunning()).toBe(2);
    expect(runner.started.slice(0, 2)).toEqual(['a', 'b']);
    // c waited for a slot longer than a heartbeat, its lease renewed meanwhile.
    expect(calls.indexOf('extend c')).toBeGreaterThan(-1);
    expect(calls.indexOf('extend c')).toBeLessThan(calls.indexOf('ack c'));
    expect(calls).toEqual(expect.arrayContaining(['ack a', 'ack b', 'ack c', 'ack d', 'ack e']));
  });

  it('sends receives side by side while the queue has a backlog, each within `maxPerReceive`, and one at a time once it is empty', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `m${i}`);
    const { source, calls, asked, most } = fakeSource(
      ids.map((id) => ({ id, group: null })),
      { maxPerReceive: 3 },
    );
    const runner = fakeRunner(Object.fromEntries(ids.map((id) => [id, 20])));
    const loop = startPollLoop({
      source,
      step: runnerStep(runner),
      concurrency: 2,
      prefetch: 7,
      logger: memoryLogger(),
    });
    await until(() => ids.every((id) => calls.includes(`ack ${id}`)));
    // Idle now: a few more receives of the empty queue.
    const receives = asked.length;
    await until(() => asked.length >= receives + 3);
    await loop.stop();
    expect(Math.max(...asked)).toBe(3);
    // Nine places (2 running, 7 ahead): more than one receive of three out at once, never more held.
    expect(most.receiving).toBeGreaterThanOrEqual(2);
    expect(most.held).toBeLessThanOrEqual(9);
    expect(most.receivingWhileEmpty).toBe(1);
    expect(runner.maxRunning()).toBe(2);
  });

  it("gives a message's place back once its outcome is stored and its ack is out, and drains the acks on stop", async () => {
    const { source, calls } = fakeSource(
      ['a', 'b'].map((id) => ({ id, group: null })),
      { ackMs: 300 },
    );
    const runner = fakeRunner({});
    const loop = startPollLoop({ source, step: runnerStep(runner), concurrency: 1, logger: memoryLogger() });
    await until(() => runner.started.includes('b'));
    await loop.stop();
    // b was received and run while a's ack was still going out.
    expect(runner.started).toEqual(['a', 'b']);
    expect(calls.indexOf('acked a')).toBeGreaterThan(calls.lastIndexOf('receive'));
    expect(calls).toEqual(expect.arrayContaining(['acked a', 'acked b']));
  });

  it('hands back, unrun, the messages received ahead when stopped', async () => {
    const { source, calls } = fakeSource(['a', 'b', 'c'].map((id) => ({ id, group: null })));
    const runner = fakeRunner({ a: 200 });
    const loop = startPollLoop({
      source,
      step: runnerStep(runner),
      concurrency: 1,
      prefetch: 2,
      logger: memoryLogger(),
    });
    await until(() => runner.started.length === 1);
    await loop.stop();
    expect(runner.started).toEqual(['a']);
    expect(calls).toEqual(expect.arrayContaining(['ack a', 'release b null', 'release c null']));
    expect(calls).not.toContain('ack b');
    expect(loop.inFlight).toBe(0);
  });

  it('runs a FIFO group in order and hands the rest of the group back after a redelivery', async () => {
    const { source, calls } = fakeSource([
      { id: 'g1', group: 'g' },
      { id: 'g2', group: 'g' },
      { id: 'g3', group: 'g' },
      { id: 'h1', group: 'h' },
    ]);
    const runner = fakeRunner(
      { g1: 50 },
      { g2: { action: 'redeliver', reason: 'eta not reached', delaySeconds: 30 } },
    );
    const loop = startPollLoop({ source, step: runnerStep(runner), concurrency: 10, logger: memoryLogger() });
    await until(() => calls.includes('release g3 null'));
    await loop.stop();
    expect(runner.started).toEqual(['g1', 'h1', 'g2']);
    expect(calls).toEqual(expect.arrayContaining(['ack g1', 'release g2 30', 'release g3 null', 'ack h1']));
    expect(calls.indexOf('release g2 30')).toBeLessThan(calls.indexOf('release g3 null'));
  });

  it('keeps running when the queue cannot be reached, one log line per failure with back-off', async () => {
    const { source, calls } = fakeSource([{ id: 'x', group: null }], { failReceives: 2 });
    const logger = memoryLogger();
    const runner = fakeRunner({});
    const loop = startPollLoop({
      source,
      step: runnerStep(runner),
      logger,
      errorBackoff: { initialMs: 20, maxMs: 40 },
    });
    await until(() => calls.includes('ack x'));
    await loop.stop();
    expect(logger.lines).toEqual([
      ['warn', 'receiving failed; retrying in 20 ms'],
      ['warn', 'receiving failed; retrying in 40 ms'],
    ]);
    expect(runner.started).toEqual(['x']);
  });

  it('logs at error level when a lease ran out while its task still ran', async () => {
    const { source } = fakeSource([{ id: 'slow', group: null }], { leaseMs: 50 });
    const logger = memoryLogger();
    // A heartbeat slower than the lease: the lease runs out between two extensions.
    const loop = startPollLoop({
      source,
      step: runnerStep(fakeRunner({ slow: 200 })),
      logger,
      heartbeatMs: 120,
    });
    await until(() => loop.inFlight === 0 && logger.lines.length > 0);
    await loop.stop();
    expect(logger.lines).toContainEqual([
      'error',
      'the message lease expired while its task still runs: it may be delivered again',
    ]);
  });

  it('hands a batching step whole batches and acks or hands back each message by its answer', async () => {
    const { source, calls } = fakeSource(['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, group: null })));
    const batches: string[][] = [];
    const loop = startPollLoop({
      source,
      // A function answering with a partial batch failure for `b`.
      step: {
        batchSize: 2,
        run: async (batch) => {
          batches.push(batch.map((r) => r.message.id));
          return batch.map(({ inbound }) =>
            inbound.messageId === 'b'
              ? { messageId: 'b', action: 'redeliver', taskId: null, reason: 'batch item failure' }
              : { messageId: inbound.messageId, action: 'ack', taskId: null, state: null },
          );
        },
      },
      concurrency: 5,
      logger: memoryLogger(),
    });
    await until(() => calls.filter((c) => /^(ack|release)/.test(c)).length === 5);
    await loop.stop();
    expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(calls).toEqual(expect.arrayContaining(['ack a', 'release b null', 'ack c', 'ack d', 'ack e']));
    expect(calls).not.toContain('ack b');
  });

  it('drains on stop: the task in flight finishes and is acked', async () => {
    const { source, calls } = fakeSource([{ id: 'long', group: null }]);
    const runner = fakeRunner({ long: 200 });
    const loop = startPollLoop({ source, step: runnerStep(runner), logger: memoryLogger() });
    await until(() => runner.started.length === 1);
    await loop.stop();
    expect(calls).toContain('ack long');
    expect(loop.inFlight).toBe(0);
  });

  it('gives a task no deadline unless --time-limit says so', async () => {
    const seen: Array<number | undefined> = [];
    const runner = {
      async runBatch([m]: InboundMessage[], context?: BatchContext): Promise<MessageOutcome[]> {
        seen.push(context?.remainingTimeMs?.());
        return [{ messageId: must(m).messageId, action: 'ack', taskId: null, state: 'SUCCESS' }];
      },
    };
    for (const timeLimitSeconds of [null, 3600]) {
      const { source, calls } = fakeSource([{ id: `t${timeLimitSeconds}`, group: null }]);
      const loop = startPollLoop({
        source,
        step: runnerStep(runner),
        timeLimitSeconds,
        timeSafetyMarginMs: 2000,
        logger: memoryLogger(),
      });
      await until(() => calls.some((c) => c.startsWith('ack')));
      await loop.stop();
    }
    expect(seen[0]).toBeUndefined();
    // The runner stops `timeSafetyMarginMs` before the remaining time: the task gets 3600 s.
    expect(seen[1]).toBeGreaterThan(3_601_000);
    expect(seen[1]).toBeLessThanOrEqual(3_602_000);
  });
});
