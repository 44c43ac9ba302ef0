import { describe, expect, it } from 'vitest';
import { dueEntries, nextDueTime } from './dueEntries.js';
import { parseBeatSchedule } from './parseSchedule.js';

const at = (iso: string) => new Date(iso);
const schedule = parseBeatSchedule({
  every20s: { task: 'tasks.tick', schedule: 20 },
  quarter: { task: 'tasks.report', schedule: { crontab: { minute: '*/15' } } },
});
const runs = (after: string, until: string, anchor?: string) =>
  dueEntries(schedule, { after: at(after), until: at(until), ...(anchor ? { anchor: at(anchor) } : {}) }).map(
    (r) => `${r.entry.name}@${r.at.toISOString().slice(11, 19)}`,
  );

describe('dueEntries', () => {
  it('lists every run in the window, the start excluded and the end included, earliest first, ties in schedule order', () => {
    expect(runs('2026-01-05T10:44:30Z', '2026-01-05T10:45:20Z')).toEqual([
      'every20s@10:44:40',
      'every20s@10:45:00',
      'quarter@10:45:00',
      'every20s@10:45:20',
    ]);
  });

  it('counts intervals from the anchor, one interval after it first, as celery beat does from its start', () => {
    expect(runs('2026-01-05T10:00:05Z', '2026-01-05T10:00:50Z', '2026-01-05T10:00:05Z')).toEqual([
      'every20s@10:00:25',
      'every20s@10:00:45',
    ]);
  });

  it('is empty for an empty window', () => {
    expect(runs('2026-01-05T10:45:00Z', '2026-01-05T10:45:00Z')).toEqual([]);
  });
});

describe('nextDueTime', () => {
  it('is the earliest next run of any entry', () => {
    expect(nextDueTime(schedule, at('2026-01-05T10:44:50Z'))).toEqual(at('2026-01-05T10:45:00Z'));
    expect(nextDueTime(schedule, at('2026-01-05T10:44:30Z'))).toEqual(at('2026-01-05T10:44:40Z'));
  });

  it('is null for an empty schedule', () => {
    expect(nextDueTime([], at('2026-01-05T10:44:50Z'))).toBeNull();
  });
});
