/**
 * What `celery-cloud beat --template` prints for each cloud, loaded on first use so one cloud's
 * SDKs load only when named (docs/periodic-tasks.md).
 */
import type { BeatSchedule } from '@celery-cloud/core';
import type { Provider } from '../flags/table.js';

/** Writes a cloud's schedules for a beat schedule; throws `ScheduleError` for what it cannot express. */
export type BeatTemplate = (schedule: BeatSchedule) => string;

/**
 * Each cloud's template writer.
 *
 * @example
 * ```ts
 * const write = await BEAT_TEMPLATES.aws();
 * process.stdout.write(write(schedule));
 * ```
 */
export const BEAT_TEMPLATES: { readonly [P in Provider]: () => Promise<BeatTemplate> } = {
  aws: async () => (await import('./samBeatEvents.js')).samBeatEvents,
  azure: async () => (await import('./azureBeatTimers.js')).azureBeatTimers,
  gcp: async () => (await import('./cloudSchedulerJobs.js')).cloudSchedulerJobs,
};
