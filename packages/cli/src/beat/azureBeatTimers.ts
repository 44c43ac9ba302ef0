/** `celery-cloud beat --template azure`: the Function App's timers (docs/periodic-tasks.md). */
import { ncrontabSchedule } from '@celery-cloud/azure';
import { type BeatSchedule, beatResourceName } from '@celery-cloud/core';

/**
 * The Function App's timers: one line per entry, the function name and its NCRONTAB schedule,
 * tab-separated (the app registers them itself from its beat.json).
 *
 * @example
 * ```ts
 * azureBeatTimers(schedule); // 'beat-add-every-minute\t0 *\/1 * * * *\n...'
 * ```
 */
export function azureBeatTimers(schedule: BeatSchedule): string {
  return schedule.map((entry) => `${beatResourceName(entry.name)}\t${ncrontabSchedule(entry)}\n`).join('');
}
