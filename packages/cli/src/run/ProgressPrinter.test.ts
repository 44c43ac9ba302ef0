import { afterEach, describe, expect, it, vi } from 'vitest';
import { type MessageSettled, ProgressPrinter } from './ProgressPrinter.js';

function sink() {
  const lines: string[] = [];
  return { lines, write: (text: string) => lines.push(text) };
}

function settled(fields: Partial<MessageSettled>): MessageSettled {
  return {
    messageId: 'm1',
    taskId: 'abc',
    taskName: 'tasks.add',
    action: 'ack',
    state: 'SUCCESS',
    reason: null,
    durationMs: 4.4,
    duplicate: false,
    deferredUntil: null,
    retryEta: null,
    ...fields,
  };
}

describe('ProgressPrinter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prints one line per task with id, name, state and duration', () => {
    const out = sink();
    const progress = new ProgressPrinter(out, { summaryIntervalMs: 0 });
    progress.settled(settled({}));
    expect(out.lines).toEqual(['task abc tasks.add SUCCESS 4 ms\n']);
  });

  it('says a stored failure was acknowledged, with its reason, not that it was left on the queue', () => {
    const out = sink();
    const progress = new ProgressPrinter(out, { summaryIntervalMs: 0 });
    progress.settled(settled({ taskName: 'remote.greet', state: 'FAILURE', reason: 'no route' }));
    expect(out.lines).toEqual(['task abc remote.greet FAILURE (no route) 4 ms\n']);
    expect(progress.counts()).toMatchObject({ failed: 1, redelivered: 0 });
  });

  it('says why a message was redelivered', () => {
    const out = sink();
    const progress = new ProgressPrinter(out, { summaryIntervalMs: 0 });
    progress.settled(settled({ action: 'redeliver', state: null, reason: 'result store unavailable' }));
    expect(out.lines).toEqual(['message m1 (task abc) redelivered: result store unavailable\n']);
  });

  it('tells deferred, duplicate and retried messages apart', () => {
    const out = sink();
    const progress = new ProgressPrinter(out, { summaryIntervalMs: 0 });
    progress.settled(settled({ state: null, deferredUntil: '2026-01-01T00:00:00.000Z' }));
    progress.settled(settled({ duplicate: true }));
    progress.settled(settled({ state: 'RETRY', retryEta: '2026-01-01T00:00:05.000Z' }));
    expect(out.lines).toEqual([
      'task abc tasks.add deferred: eta not reached, back at 2026-01-01T00:00:00.000Z\n',
      'task abc tasks.add already SUCCESS: duplicate delivery acknowledged\n',
      'task abc tasks.add RETRY 4 ms, runs again at 2026-01-01T00:00:05.000Z\n',
    ]);
  });

  it('counts every received message in exactly one bucket', () => {
    const progress = new ProgressPrinter(sink(), { summaryIntervalMs: 0 });
    progress.received(9);
    for (const fields of [
      {},
      { state: 'FAILURE' },
      { state: 'RETRY' },
      { state: 'REVOKED', reason: 'expired' },
      { state: null, deferredUntil: '2026-01-01T00:00:00.000Z' },
      { duplicate: true },
      { taskId: null, state: null, reason: 'undecodable' },
      { action: 'redeliver' as const, state: null, reason: 'store down' },
    ]) {
      progress.settled(settled(fields));
    }
    progress.deadLettered(2);
    const counts = progress.counts();
    expect(counts).toEqual({
      received: 11,
      succeeded: 1,
      failed: 1,
      retried: 1,
      revoked: 1,
      deferred: 1,
      skipped: 2,
      redelivered: 1,
      deadLettered: 2,
      inFlight: 1,
    });
    const { received, ...buckets } = counts;
    expect(Object.values(buckets).reduce((a, b) => a + b, 0)).toBe(received);
  });

  it('prints notes as they come', () => {
    const out = sink();
    new ProgressPrinter(out, { summaryIntervalMs: 0 }).note('warn: result store slow');
    expect(out.lines).toEqual(['warn: result store slow\n']);
  });

  it('prints a summary when something changed, nothing new while idle, and a last one on stop', () => {
    vi.useFakeTimers();
    const out = sink();
    const progress = new ProgressPrinter(out, { summaryIntervalMs: 1000 });
    progress.received(1);
    vi.advanceTimersByTime(3500);
    progress.stop();
    vi.advanceTimersByTime(5000);
    const summary =
      'summary: received 1: succeeded 0, failed 0, retried 0, revoked 0, deferred 0, skipped 0, ' +
      'redelivered 0, dead-lettered 0, in flight 1\n';
    expect(out.lines).toEqual([summary, summary]);
  });
});
