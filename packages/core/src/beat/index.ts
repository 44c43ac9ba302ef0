/** Periodic tasks without a beat server: schedules in Celery's `beat_schedule` shape, crontabs, due runs, publishing. */
export {
  CRONTAB_FIELDS,
  CRONTAB_RANGES,
  crontabMatches,
  nextCrontabTime,
  parseCrontab,
  parseCrontabField,
} from './crontab.js';
export type { Crontab, CrontabField } from './crontab.js';
export { beatEntry, parseBeatSchedule } from './parseSchedule.js';
export type { BeatEntry, BeatSchedule, BeatTiming } from './parseSchedule.js';
export { dueEntries, nextDueTime } from './dueEntries.js';
export type { DueRun, DueWindow } from './dueEntries.js';
export {
  beatResourceName,
  clockInterval,
  cronFieldText,
  restrictedDayField,
  unixCronFields,
} from './cronText.js';
export type { ClockInterval } from './cronText.js';
export { publishBeatEntry } from './publishBeatEntry.js';
export type { BeatDeps } from './publishBeatEntry.js';
export { createBeat, startBeat } from './startBeat.js';
export type { Beat, BeatOptions, BeatTicker, PublishedRun } from './startBeat.js';
export { beatSenderFromEnv, createBeatSender } from './beatSender.js';
export type { BeatSender, BeatSenderOptions } from './beatSender.js';
