/**
 * What the cloud schedulers' expressions share (EventBridge cron, Azure NCRONTAB, Cloud Scheduler's
 * Unix cron): a crontab field as a value list, the day-field rule, and intervals a clock can show.
 * Each provider package writes its own syntax from these.
 */
import { ScheduleError } from '../errors.js';
import { CRONTAB_RANGES, type Crontab, type CrontabField } from './crontab.js';
import type { BeatEntry } from './parseSchedule.js';

/**
 * A field's values as cron text: `*` when it matches every value, else a comma list of values and
 * ranges, each value plus `shift` (EventBridge counts weekdays from 1).
 *
 * @example
 * ```ts
 * cronFieldText([0, 15, 30, 45], 'minute'); // '0,15,30,45'
 * cronFieldText([1, 2, 3, 4, 5], 'day_of_week', 1); // '2-6'
 * ```
 */
export function cronFieldText(values: readonly number[], field: CrontabField, shift = 0): string {
  const [min, max] = CRONTAB_RANGES[field];
  if (values.length === max - min + 1) return '*';
  // Runs of consecutive values: [first, last].
  const runs: Array<[number, number]> = [];
  for (const value of values) {
    const run = runs.at(-1);
    if (run && value === run[1] + 1) run[1] = value;
    else runs.push([value, value]);
  }
  const parts = runs.map(([first, last]) => {
    const [from, to] = [first + shift, last + shift];
    return last - first >= 2 ? `${from}-${to}` : last > first ? `${from},${to}` : `${from}`;
  });
  return parts.join(',');
}

/**
 * Which of the two day fields a cloud cron may restrict: Celery requires both day_of_month and
 * day_of_week to match, cron dialects take either (Unix) or only one (EventBridge). A crontab
 * restricting both is a {@link ScheduleError} naming `cloud`.
 *
 * @example
 * ```ts
 * restrictedDayField(entry, crontab, 'EventBridge'); // 'day_of_week' for day_of_week: 'mon-fri'
 * ```
 */
export function restrictedDayField(
  entry: BeatEntry,
  crontab: { day_of_week: readonly number[]; day_of_month: readonly number[] },
  cloud: string,
): 'day_of_week' | 'day_of_month' | null {
  const week = cronFieldText(crontab.day_of_week, 'day_of_week') !== '*';
  const month = cronFieldText(crontab.day_of_month, 'day_of_month') !== '*';
  if (week && month)
    throw new ScheduleError(
      entry.name,
      'schedule.crontab',
      `${cloud} cannot run on days that match both day_of_week and day_of_month (Celery requires both): restrict one of them`,
    );
  return week ? 'day_of_week' : month ? 'day_of_month' : null;
}

/**
 * A crontab as the five fields of Unix cron (minute, hour, day of month, month, day of week), the
 * text Cloud Scheduler takes and the tail of Azure's six-field NCRONTAB. A crontab restricting both
 * day fields is a {@link ScheduleError} naming `cloud` (see {@link restrictedDayField}).
 *
 * @example
 * ```ts
 * unixCronFields(entry, parseCrontab({ minute: '0', hour: '7', day_of_week: 'mon-fri' }, 'e'), 'Cloud Scheduler'); // '0 7 * * 1-5'
 * ```
 */
export function unixCronFields(entry: BeatEntry, crontab: Crontab, cloud: string): string {
  restrictedDayField(entry, crontab, cloud);
  return [
    cronFieldText(crontab.minute, 'minute'),
    cronFieldText(crontab.hour, 'hour'),
    cronFieldText(crontab.day_of_month, 'day_of_month'),
    cronFieldText(crontab.month_of_year, 'month_of_year'),
    cronFieldText(crontab.day_of_week, 'day_of_week'),
  ].join(' ');
}

/**
 * An interval as a clock shows it: every `every` units, each run on a whole unit.
 *
 * @example
 * ```ts
 * const quarter: ClockInterval = { unit: 'minute', every: 15 }; // *\/15 in the minutes field
 * ```
 */
export interface ClockInterval {
  unit: 'second' | 'minute' | 'hour' | 'day';
  every: number;
}

const UNITS = [
  { unit: 'day', seconds: 86_400, per: 1 },
  { unit: 'hour', seconds: 3_600, per: 24 },
  { unit: 'minute', seconds: 60, per: 60 },
  { unit: 'second', seconds: 1, per: 60 },
] as const;

/**
 * An interval entry as a cron step (`*\/n` of seconds, minutes or hours, or every day): only
 * intervals dividing the next unit run at the same times as the epoch-anchored interval. A
 * {@link ScheduleError} naming `cloud` otherwise.
 *
 * @example
 * ```ts
 * clockInterval(entry, 300, 'Azure'); // { unit: 'minute', every: 5 }
 * ```
 */
export function clockInterval(entry: BeatEntry, seconds: number, cloud: string): ClockInterval {
  for (const { unit, seconds: size, per } of UNITS) {
    const every = seconds / size;
    if (Number.isInteger(every) && (unit === 'day' ? every === 1 : per % every === 0)) return { unit, every };
  }
  throw new ScheduleError(
    entry.name,
    'schedule',
    `${cloud} cannot run every ${seconds} s: use a number of seconds or minutes dividing 60, hours dividing 24, or 86400`,
  );
}

/**
 * The name of the cloud resource that runs an entry (an Azure timer function, a Cloud Scheduler
 * job): `beat-` and the entry name, characters other than letters, digits, `-` and `_` as `-`.
 *
 * @example
 * ```ts
 * beatResourceName('add every 10s'); // 'beat-add-every-10s'
 * ```
 */
export function beatResourceName(entry: string): string {
  return `beat-${entry.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
