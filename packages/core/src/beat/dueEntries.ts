/**
 * Which entries of a schedule are due in a window of time: stateless, so a process that wakes up
 * (or a test with a fake clock) asks for the runs between its last look and now.
 */
import { nextCrontabTime } from './crontab.js';
import type { BeatEntry, BeatSchedule } from './parseSchedule.js';

/**
 * A window of time, `after` excluded and `until` included. Interval entries run at `anchor` plus
 * whole multiples of their interval (`celery beat` anchors them at its start).
 */
export interface DueWindow {
  after: Date;
  until: Date;
  /** Where interval entries count from; default the Unix epoch. */
  anchor?: Date;
}

/**
 * One run of an entry: the entry and the time it was due.
 *
 * @example
 * ```ts
 * for (const run of dueEntries(schedule, window)) console.log(run.entry.name, run.at.toISOString());
 * ```
 */
export interface DueRun {
  entry: BeatEntry;
  at: Date;
}

function nextRun(entry: BeatEntry, after: Date, anchor: Date): Date | null {
  if (entry.timing.kind === 'crontab') return nextCrontabTime(entry.timing.crontab, after);
  const every = entry.timing.seconds * 1000;
  const runs = Math.floor((after.getTime() - anchor.getTime()) / every) + 1;
  return new Date(anchor.getTime() + Math.max(1, runs) * every);
}

/**
 * Every run due in the window, earliest first (entries of the same time in schedule order).
 *
 * @example
 * ```ts
 * const runs = dueEntries(schedule, { after: lastLook, until: clock.now(), anchor: startedAt });
 * for (const { entry } of runs) await publishBeatEntry(deps, entry);
 * ```
 */
export function dueEntries(schedule: BeatSchedule, window: DueWindow): DueRun[] {
  const anchor = window.anchor ?? new Date(0);
  const runs: DueRun[] = [];
  for (const entry of schedule) {
    for (let at = nextRun(entry, window.after, anchor); at && at <= window.until; ) {
      runs.push({ entry, at });
      at = nextRun(entry, at, anchor);
    }
  }
  return runs.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * When the next run of any entry is due after `after`, or null when none ever is.
 *
 * @example
 * ```ts
 * const next = nextDueTime(schedule, clock.now(), startedAt);
 * ```
 */
export function nextDueTime(schedule: BeatSchedule, after: Date, anchor: Date = new Date(0)): Date | null {
  const times = schedule
    .map((entry) => nextRun(entry, after, anchor)?.getTime())
    .filter((t): t is number => t !== undefined);
  return times.length === 0 ? null : new Date(Math.min(...times));
}
