/**
 * Celery's `beat_schedule` written as JSON: entry name → task, schedule (seconds, or a crontab),
 * args, kwargs and `apply_async` options (docs/periodic-tasks.md).
 */
import { ScheduleError } from '../errors.js';
import type { WireValue } from '../types.js';
import { type Crontab, nextCrontabTime, parseCrontab } from './crontab.js';

/**
 * When an entry runs: every `seconds`, or at the minutes a crontab matches.
 *
 * @example
 * ```ts
 * const every: BeatTiming = { kind: 'interval', seconds: 30 };
 * ```
 */
export type BeatTiming = { kind: 'interval'; seconds: number } | { kind: 'crontab'; crontab: Crontab };

/**
 * One entry of a beat schedule, as `celery beat` reads it.
 *
 * @example
 * ```ts
 * const entry: BeatEntry = { name: 'add-every-10s', task: 'tasks.add', timing: { kind: 'interval', seconds: 10 },
 *   args: [2, 3], kwargs: {}, options: { queue: 'celery' } };
 * ```
 */
export interface BeatEntry {
  name: string;
  task: string;
  timing: BeatTiming;
  args: WireValue[];
  kwargs: Record<string, WireValue>;
  /** `apply_async` options: `queue`, `expires`, `countdown`, `priority`, `headers`... */
  options: Record<string, WireValue>;
}

/**
 * A parsed beat schedule: its entries in file order.
 *
 * @example
 * ```ts
 * const schedule: BeatSchedule = parseBeatSchedule(JSON.parse(readFileSync('beat.json', 'utf8')));
 * ```
 */
export type BeatSchedule = readonly BeatEntry[];

const ENTRY_KEYS = new Set(['task', 'schedule', 'args', 'kwargs', 'options']);
/** Options whose value is a number of seconds (or, for `expires`, a date). */
const SECONDS_OPTIONS = ['countdown', 'expires'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function timingOf(name: string, schedule: unknown): BeatTiming {
  if (typeof schedule === 'number') {
    if (!Number.isFinite(schedule) || schedule <= 0)
      throw new ScheduleError(name, 'schedule', `must be a positive number of seconds, got ${schedule}`);
    return { kind: 'interval', seconds: schedule };
  }
  if (isObject(schedule) && Object.keys(schedule).length === 1 && isObject(schedule.crontab)) {
    const crontab = parseCrontab(schedule.crontab, name);
    if (nextCrontabTime(crontab, new Date(Date.UTC(2000, 0, 1))) === null)
      throw new ScheduleError(name, 'schedule.crontab', 'matches no date: the entry would never run');
    return { kind: 'crontab', crontab };
  }
  throw new ScheduleError(
    name,
    'schedule',
    `must be a number of seconds or {"crontab": {...}}, got ${JSON.stringify(schedule)}`,
  );
}

function optionsOf(name: string, options: unknown): Record<string, WireValue> {
  if (options === undefined) return {};
  if (!isObject(options)) throw new ScheduleError(name, 'options', 'must be an object');
  const queue = options.queue;
  if (queue !== undefined && (typeof queue !== 'string' || queue === ''))
    throw new ScheduleError(name, 'options.queue', `must be a queue name, got ${JSON.stringify(queue)}`);
  for (const key of SECONDS_OPTIONS) {
    const value = options[key];
    if (value === undefined || (key === 'expires' && typeof value === 'string')) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new ScheduleError(
        name,
        `options.${key}`,
        `must be a number of seconds ≥ 0, got ${JSON.stringify(value)}`,
      );
  }
  if ('task_id' in options)
    throw new ScheduleError(name, 'options.task_id', 'cannot be set: each run gets a fresh task id');
  return options as Record<string, WireValue>;
}

function entryOf(name: string, raw: unknown): BeatEntry {
  if (!isObject(raw)) throw new ScheduleError(name, null, 'must be an object with task and schedule');
  for (const key of Object.keys(raw)) {
    if (!ENTRY_KEYS.has(key))
      throw new ScheduleError(name, key, `is not an entry field (${[...ENTRY_KEYS].join(', ')})`);
  }
  if (typeof raw.task !== 'string' || raw.task === '')
    throw new ScheduleError(name, 'task', `must be a task name, got ${JSON.stringify(raw.task)}`);
  if (raw.args !== undefined && !Array.isArray(raw.args))
    throw new ScheduleError(name, 'args', 'must be a list');
  if (raw.kwargs !== undefined && !isObject(raw.kwargs))
    throw new ScheduleError(name, 'kwargs', 'must be an object');
  return {
    name,
    task: raw.task,
    timing: timingOf(name, raw.schedule),
    args: (raw.args ?? []) as WireValue[],
    kwargs: (raw.kwargs ?? {}) as Record<string, WireValue>,
    options: optionsOf(name, raw.options),
  };
}

/**
 * Read a beat schedule: the parsed JSON of a file in Celery's `beat_schedule` shape, or its text.
 * Throws {@link ScheduleError} naming the entry and field at fault.
 *
 * @example
 * ```ts
 * const schedule = parseBeatSchedule({
 *   'add-every-10s': { task: 'tasks.add', schedule: 10, args: [2, 3] },
 *   'report-mornings': { task: 'tasks.report', schedule: { crontab: { minute: 0, hour: 7, day_of_week: 'mon-fri' } } },
 * });
 * ```
 */
export function parseBeatSchedule(source: unknown): BeatSchedule {
  let value = source;
  if (typeof source === 'string') {
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw new ScheduleError(null, null, `is not JSON: ${(error as Error).message}`);
    }
  }
  if (!isObject(value)) throw new ScheduleError(null, null, 'must be a JSON object of entry name to entry');
  return Object.entries(value).map(([name, raw]) => entryOf(name, raw));
}

/**
 * The entry called `name`; a {@link ScheduleError} when the schedule has none.
 *
 * @example
 * ```ts
 * const entry = beatEntry(schedule, event.entry);
 * ```
 */
export function beatEntry(schedule: BeatSchedule, name: string): BeatEntry {
  const entry = schedule.find((e) => e.name === name);
  if (!entry)
    throw new ScheduleError(
      name,
      null,
      `is not in the schedule (entries: ${schedule.map((e) => e.name).join(', ') || 'none'})`,
    );
  return entry;
}
