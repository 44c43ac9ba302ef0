/** `celery-cloud beat --template gcp`: the Cloud Scheduler jobs deploy.sh creates (docs/periodic-tasks.md). */
import { type BeatSchedule, beatResourceName } from '@celery-cloud/core';
import { cloudSchedulerCron } from '@celery-cloud/gcp';

/**
 * The Cloud Scheduler jobs apps/gcp-functions/deploy.sh creates: one line per entry, the job id,
 * its cron schedule (UTC) and the request body naming the entry, tab-separated.
 *
 * @example
 * ```ts
 * cloudSchedulerJobs(schedule); // 'beat-add-every-minute\t*\/1 * * * *\t{"entry":"add-every-minute"}\n...'
 * ```
 */
export function cloudSchedulerJobs(schedule: BeatSchedule): string {
  return schedule
    .map(
      (entry) =>
        `${beatResourceName(entry.name)}\t${cloudSchedulerCron(entry)}\t${JSON.stringify({ entry: entry.name })}\n`,
    )
    .join('');
}
