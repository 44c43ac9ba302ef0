/**
 * A beat entry as an EventBridge Scheduler expression: `rate()` for intervals of whole minutes,
 * the six-field `cron()` for crontabs (weekdays counted 1 = Sunday, one day field `?`), in UTC.
 */
import { type BeatEntry, ScheduleError, cronFieldText, restrictedDayField } from '@celery-cloud/core';

function rate(entry: BeatEntry, seconds: number): string {
  if (!Number.isInteger(seconds / 60))
    throw new ScheduleError(
      entry.name,
      'schedule',
      `EventBridge Scheduler runs schedules in whole minutes, at most once a minute: ${seconds} s is not a whole number of minutes`,
    );
  const minutes = seconds / 60;
  const [value, unit] =
    minutes % 1440 === 0
      ? [minutes / 1440, 'day']
      : minutes % 60 === 0
        ? [minutes / 60, 'hour']
        : [minutes, 'minute'];
  return `rate(${value} ${unit}${value === 1 ? '' : 's'})`;
}

/**
 * The `ScheduleExpression` of an EventBridge Scheduler schedule running `entry` (with
 * `ScheduleExpressionTimezone: UTC`). Throws {@link ScheduleError} for what EventBridge cannot
 * express: intervals that are not whole minutes, and crontabs restricting both day fields.
 *
 * @example
 * ```ts
 * eventBridgeScheduleExpression(entry); // 'cron(0 7 ? * 2-6 *)' for crontab(minute=0, hour=7, day_of_week='mon-fri')
 * ```
 */
export function eventBridgeScheduleExpression(entry: BeatEntry): string {
  const timing = entry.timing;
  if (timing.kind === 'interval') return rate(entry, timing.seconds);
  const c = timing.crontab;
  const days = restrictedDayField(entry, c, 'EventBridge Scheduler');
  return `cron(${[
    cronFieldText(c.minute, 'minute'),
    cronFieldText(c.hour, 'hour'),
    days === 'day_of_week' ? '?' : cronFieldText(c.day_of_month, 'day_of_month'),
    cronFieldText(c.month_of_year, 'month_of_year'),
    days === 'day_of_week' ? cronFieldText(c.day_of_week, 'day_of_week', 1) : '?',
    '*',
  ].join(' ')})`;
}
