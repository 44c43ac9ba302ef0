/**
 * A beat entry as an Azure Functions timer schedule: six-field NCRONTAB
 * (`{second} {minute} {hour} {day} {month} {day-of-week}`, 0 = Sunday as in Celery), in UTC.
 */
import { type BeatEntry, clockInterval, unixCronFields } from '@celery-cloud/core';

const STEP_FIELDS = { second: 0, minute: 1, hour: 2, day: 3 } as const;

/**
 * The NCRONTAB `schedule` of the timer trigger running `entry`. Intervals become clock steps
 * (`*\/10 * * * * *`), so only those dividing a minute, an hour or a day (or one day) are
 * accepted; a crontab restricting both day fields is refused. Throws `ScheduleError`.
 *
 * @example
 * ```ts
 * ncrontabSchedule(entry); // '0 0 7 * * 1-5' for crontab(minute=0, hour=7, day_of_week='mon-fri')
 * ```
 */
export function ncrontabSchedule(entry: BeatEntry): string {
  const timing = entry.timing;
  if (timing.kind === 'interval') {
    const { unit, every } = clockInterval(entry, timing.seconds, 'An Azure timer');
    // Zero below the stepped field, every value above it: `0 */15 * * * *`.
    const at = STEP_FIELDS[unit];
    const step = unit === 'day' ? '*' : `*/${every}`;
    return ['*', '*', '*', '*', '*', '*'].map((any, i) => (i < at ? '0' : i === at ? step : any)).join(' ');
  }
  // NCRONTAB leads with a seconds field: run on the minute.
  return `0 ${unixCronFields(entry, timing.crontab, 'An Azure timer')}`;
}
