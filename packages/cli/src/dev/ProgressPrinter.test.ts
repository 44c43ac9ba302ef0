import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressPrinter } from './ProgressPrinter.js';

function sink() {
  const lines: string[] = [];
  return { lines, write: (text: string) => lines.push(text) };
}

describe('ProgressPrinter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prints one line per task with id, name, state and duration', () => {
    const out = sink();
    const progress = new ProgressPrinter(out, { summaryIntervalMs: 0 });
    progress.taskFinished({ taskId: 'abc', taskName: 'tasks.add', state: 'SUCCESS', durationMs: 4.4 });
    expect(out.lines).toEqual(['task abc tasks.add SUCCESS 4 ms\n']);
  });

  it('counts outcomes and what is still in flight', () => {
    const progress = new ProgressPrinter(sink(), { summaryIntervalMs: 0 });
    progress.received(4);
    progress.taskFinished({ taskId: 'a', taskName: 'x', state: 'SUCCESS', durationMs: 1 });
    progress.taskFinished({ taskId: 'b', taskName: 'x', state: 'FAILURE', durationMs: 1 });
    progress.taskFinished({ taskId: 'c', taskName: 'x', state: 'RETRY', durationMs: 1 });
    progress.settled(2, ['m2']);
    progress.deadLettered(1);
    expect(progress.counts()).toEqual({
      received: 4,
      succeeded: 1,
      failed: 1,
      retried: 1,
      redelivered: 1,
      deadLettered: 1,
      inFlight: 2,
    });
  });

  it('prints notes as they come', () => {
    const out = sink();
    new ProgressPrinter(out, { summaryIntervalMs: 0 }).note('warn: result store slow');
    expect(out.lines).toEqual(['warn: result store slow\n']);
  });

  it('prints a summary every interval and a last one on stop', () => {
    vi.useFakeTimers();
    const out = sink();
    const progress = new ProgressPrinter(out, { summaryIntervalMs: 1000 });
    progress.received(1);
    vi.advanceTimersByTime(2500);
    progress.stop();
    vi.advanceTimersByTime(5000);
    const summary =
      'summary: received 1, succeeded 0, failed 0, retried 0, redelivered 0, dead-lettered 0, in flight 1\n';
    expect(out.lines).toEqual([summary, summary, summary]);
  });
});
