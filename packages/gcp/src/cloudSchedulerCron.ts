/**
 * A beat entry as a Cloud Scheduler job schedule: five-field Unix cron (0 = Sunday, as in
 * Celery), run with `--time-zone=Etc/UTC`.
 */
import { type BeatEntry, ScheduleError, clockInterval, unixCronFields } from '@celery-cloud/core';

/**
 * The `--schedule` of the Cloud Scheduler job running `entry`. Intervals become clock steps
 * (`*\/5 * * * *`): whole minutes dividing an hour, hours dividing a day, or one day; Unix cron
 * joins the two day fields with OR where Celery requires both, so a crontab restricting both is
 * refused. Throws `ScheduleError`.
 *
 * @example
 * ```ts
 * cloudSchedulerCron(entry); // '0 7 * * 1-5' for crontab(minute=0, hour=7, day_of_week='mon-fri')
 * ```
 */
export function cloudSchedulerCron(entry: BeatEntry): string {
  const timing = entry.timing;
  if (timing.kind === 'interval') {
    const { unit, every } = clockInterval(entry, timing.seconds, 'Cloud Scheduler');
    if (unit === 'second')
      throw new ScheduleError(
        entry.name,
        'schedule',
        `Cloud Scheduler runs a job at most once a minute, not every ${timing.seconds} s`,
      );
    return unit === 'minute' ? `*/${every} * * * *` : unit === 'hour' ? `0 */${every} * * *` : '0 0 * * *';
  }
  return unixCronFields(entry, timing.crontab, 'Cloud Scheduler');
}
