import { type BeatSchedule, ConfigError, beatResourceName, beatSenderFromEnv } from '@celery-cloud/core';
import { ncrontabSchedule } from './ncrontabSchedule.js';
import { publisherFromEnv } from './runnerFromEnv.js';

/**
 * One timer-triggered function of the Function App: its name, NCRONTAB schedule and handler.
 *
 * @example
 * ```ts
 * const timer: BeatTimer = { name: 'beat-nightly', schedule: '0 0 2 * * *', handler: async () => {} };
 * ```
 */
export interface BeatTimer {
  name: string;
  schedule: string;
  /** Sends the entry's task message; rejects (after a log line) when it cannot. */
  handler: () => Promise<void>;
}

/**
 * One timer per entry of `schedule`, to register with `app.timer(name, { schedule, handler })`:
 * each fire sends its entry's task message (protocol 2, a fresh task id) to the Storage Queue on
 * `CELERY_CLOUD_QUEUE_CONNECTION`/`AzureWebJobsStorage`, routed by `CELERY_TASK_ROUTES`. Throws
 * `ScheduleError` at start-up for an entry NCRONTAB cannot express, `ConfigError` without a
 * connection.
 *
 * @example
 * ```ts
 * for (const timer of beatTimersFromEnv(process.env, { schedule: parseBeatSchedule(json) }))
 *   app.timer(timer.name, { schedule: timer.schedule, handler: timer.handler });
 * ```
 */
export function beatTimersFromEnv(
  env: Record<string, string | undefined>,
  options: { schedule: BeatSchedule },
): BeatTimer[] {
  const publisher = publisherFromEnv(env);
  if (!publisher)
    throw new ConfigError(
      'the beat timers need AzureWebJobsStorage (or CELERY_CLOUD_QUEUE_CONNECTION) to publish to',
    );
  const send = beatSenderFromEnv(env, { schedule: options.schedule, publisher });
  return options.schedule.map((entry) => ({
    name: beatResourceName(entry.name),
    schedule: ncrontabSchedule(entry),
    handler: async () => {
      await send(entry.name);
    },
  }));
}
