/**
 * Celery's `crontab` schedule: five fields in Celery's syntax, evaluated in UTC (Celery's default
 * `timezone`). Every field must match, the two day fields included (Celery joins them with AND,
 * where Unix cron joins them with OR).
 */
import { ScheduleError } from '../errors.js';

/**
 * The fields of a crontab, by Celery's names.
 *
 * @example
 * ```ts
 * for (const field of CRONTAB_FIELDS) console.log(field, crontab.text[field]);
 * ```
 */
export const CRONTAB_FIELDS = ['minute', 'hour', 'day_of_week', 'day_of_month', 'month_of_year'] as const;
export type CrontabField = (typeof CRONTAB_FIELDS)[number];

/**
 * Each field's smallest and largest value (`day_of_week`: 0 = Sunday, as Celery counts).
 *
 * @example
 * ```ts
 * const [min, max] = CRONTAB_RANGES.day_of_month; // [1, 31]
 * ```
 */
export const CRONTAB_RANGES: Readonly<Record<CrontabField, readonly [min: number, max: number]>> = {
  minute: [0, 59],
  hour: [0, 23],
  day_of_week: [0, 6],
  day_of_month: [1, 31],
  month_of_year: [1, 12],
};

/**
 * A parsed crontab: the values each field matches, ascending, and the text it was read from.
 *
 * @example
 * ```ts
 * const c: Crontab = parseCrontab({ minute: '*\/15' }, 'tick');
 * c.minute; // [0, 15, 30, 45]
 * ```
 */
export type Crontab = { readonly [F in CrontabField]: readonly number[] } & {
  readonly text: Readonly<Record<CrontabField, string>>;
};

// Celery's weekday names (celery.utils.time.weekday): the first three letters count.
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function fail(entry: string, field: CrontabField, reason: string): never {
  throw new ScheduleError(entry, `schedule.crontab.${field}`, reason);
}

function fieldValue(token: string, field: CrontabField, entry: string): number {
  const [min, max] = CRONTAB_RANGES[field];
  let value: number;
  if (/^\d+$/.test(token)) value = Number(token);
  else if (field === 'day_of_week' && WEEKDAYS.includes(token.toLowerCase().slice(0, 3)))
    value = WEEKDAYS.indexOf(token.toLowerCase().slice(0, 3));
  else
    fail(
      entry,
      field,
      `${JSON.stringify(token)} is not a number${field === 'day_of_week' ? ' or a day name' : ''}`,
    );
  if (value < min || value > max) fail(entry, field, `${value} is out of range ${min}-${max}`);
  return value;
}

function stepOf(token: string, field: CrontabField, entry: string): number {
  if (!/^\d+$/.test(token) || Number(token) < 1)
    fail(entry, field, `step ${JSON.stringify(token)} is not a positive integer`);
  return Number(token);
}

/** `from`-`to` inclusive; a range whose end is before its start wraps around, as Celery's does. */
function range(from: number, to: number, field: CrontabField): number[] {
  const [min, max] = CRONTAB_RANGES[field];
  const span = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  return to >= from ? span(from, to) : [...span(from, max), ...span(min, to)];
}

function partValues(part: string, field: CrontabField, entry: string): number[] {
  const [min, max] = CRONTAB_RANGES[field];
  const [base = '', step, extra] = part.split('/');
  if (extra !== undefined || base === '')
    fail(entry, field, `${JSON.stringify(part)} is not a crontab value`);
  const bounds = base.split('-');
  const [low, high] = bounds;
  let values: number[];
  if (base === '*') values = range(min, max, field);
  else if (bounds.length === 2 && low !== undefined && high !== undefined) {
    values = range(fieldValue(low, field, entry), fieldValue(high, field, entry), field);
  } else if (bounds.length === 1 && step === undefined) values = [fieldValue(base, field, entry)];
  else fail(entry, field, `${JSON.stringify(part)} is not a crontab value (a step needs * or a range)`);
  if (step === undefined) return values;
  const every = stepOf(step, field, entry);
  return values.filter((_, i) => i % every === 0);
}

/**
 * The values one field matches, read with Celery's syntax: `*`, `n`, `*\/n`, `a-b`, `a-b/n`
 * and comma lists of these; day names (`mon`, `friday`) in `day_of_week`. Throws
 * {@link ScheduleError} naming `entry` and the field.
 *
 * @example
 * ```ts
 * parseCrontabField('mon-fri', 'day_of_week', 'weekdays'); // [1, 2, 3, 4, 5]
 * ```
 */
export function parseCrontabField(text: string, field: CrontabField, entry: string): number[] {
  const parts = text.replace(/\s+/g, '').split(',');
  const values = new Set(parts.flatMap((part) => partValues(part, field, entry)));
  return [...values].sort((a, b) => a - b);
}

/**
 * A crontab from Celery's keyword arguments (absent fields are `*`, as in `crontab()`); a field
 * may be a string or a number. Throws {@link ScheduleError} naming `entry` and the field.
 *
 * @example
 * ```ts
 * parseCrontab({ minute: 0, hour: 7, day_of_week: 'mon-fri' }, 'morning');
 * ```
 */
export function parseCrontab(fields: Record<string, unknown>, entry: string): Crontab {
  for (const key of Object.keys(fields)) {
    if (!(CRONTAB_FIELDS as readonly string[]).includes(key))
      throw new ScheduleError(
        entry,
        `schedule.crontab.${key}`,
        `is not a crontab field (${CRONTAB_FIELDS.join(', ')})`,
      );
  }
  const text = {} as Record<CrontabField, string>;
  const parsed = {} as Record<CrontabField, number[]>;
  for (const field of CRONTAB_FIELDS) {
    const raw = fields[field] ?? '*';
    if (typeof raw !== 'string' && !(typeof raw === 'number' && Number.isInteger(raw)))
      fail(entry, field, `must be a string or an integer, got ${JSON.stringify(raw)}`);
    text[field] = String(raw);
    parsed[field] = parseCrontabField(String(raw), field, entry);
  }
  return { ...parsed, text };
}

/**
 * Whether `crontab` fires in the UTC minute of `date`.
 *
 * @example
 * ```ts
 * crontabMatches(parseCrontab({ minute: '*\/15' }, 'tick'), new Date('2026-01-05T10:45:00Z')); // true
 * ```
 */
export function crontabMatches(crontab: Crontab, date: Date): boolean {
  return (
    dayMatches(crontab, date) &&
    crontab.hour.includes(date.getUTCHours()) &&
    crontab.minute.includes(date.getUTCMinutes())
  );
}

function dayMatches(crontab: Crontab, date: Date): boolean {
  return (
    crontab.month_of_year.includes(date.getUTCMonth() + 1) &&
    crontab.day_of_month.includes(date.getUTCDate()) &&
    crontab.day_of_week.includes(date.getUTCDay())
  );
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Weekdays and leap days repeat every 28 years between 1901 and 2099: a crontab that does not
 * fire in that many years never does. */
const SEARCH_DAYS = 28 * 366;

/**
 * The first minute after `after` (exclusive) at which `crontab` fires, or null when it never does
 * (`day_of_month: 31` with `month_of_year: 2`).
 *
 * @example
 * ```ts
 * nextCrontabTime(parseCrontab({ minute: 0, hour: 7 }, 'morning'), new Date('2026-01-05T07:00:00Z'));
 * // 2026-01-06T07:00:00.000Z
 * ```
 */
export function nextCrontabTime(crontab: Crontab, after: Date): Date | null {
  const start = Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  let day = Math.floor(start / DAY_MS) * DAY_MS;
  for (let i = 0; i <= SEARCH_DAYS; i++, day += DAY_MS) {
    if (!dayMatches(crontab, new Date(day))) continue;
    for (const hour of crontab.hour) {
      for (const minute of crontab.minute) {
        const time = day + hour * 3_600_000 + minute * MINUTE_MS;
        if (time >= start) return new Date(time);
      }
    }
  }
  return null;
}
