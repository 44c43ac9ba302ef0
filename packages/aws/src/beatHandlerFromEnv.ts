import { type BeatSchedule, ConfigError, beatSenderFromEnv } from '@celery-cloud/core';
import { publisherFromEnv } from './runnerFromEnv.js';

/**
 * What an EventBridge Scheduler schedule hands the beat function: its `Input`, the entry's name.
 *
 * @example
 * ```ts
 * const event: BeatEvent = { entry: 'add-every-minute' };
 * ```
 */
export interface BeatEvent {
  entry: string;
}

/**
 * What the beat function answers: the entry sent and the task id of this run.
 *
 * @example
 * ```ts
 * const { taskId }: BeatAnswer = await beat({ entry: 'add-every-minute' });
 * ```
 */
export interface BeatAnswer {
  entry: string;
  taskId: string;
}

/**
 * A Lambda handler run by EventBridge Scheduler for one entry of a beat schedule.
 *
 * @example
 * ```ts
 * export const beat: BeatHandler = beatHandlerFromEnv(process.env, { schedule });
 * ```
 */
export type BeatHandler = (event: BeatEvent) => Promise<BeatAnswer>;

/**
 * The Lambda handler an EventBridge Scheduler schedule invokes with `{"entry": "<name>"}`: it
 * publishes that entry's task message (protocol 2, a fresh task id) to SQS, through the queue
 * settings the worker has (`CELERY_CLOUD_QUEUE_URL`/`CELERY_CLOUD_QUEUE_URLS`, `CELERY_TASK_ROUTES`).
 * Throws `ConfigError` at cold start without a queue URL; rejects with `ScheduleError` (and a log
 * line) for an event naming no entry of the schedule, so the scheduler's retry policy and
 * dead-letter queue see it.
 *
 * @example
 * ```ts
 * import schedule from '../beat.json' with { type: 'json' };
 * export const beat = beatHandlerFromEnv(process.env, { schedule: parseBeatSchedule(schedule) });
 * ```
 */
export function beatHandlerFromEnv(
  env: Record<string, string | undefined>,
  options: { schedule: BeatSchedule },
): BeatHandler {
  const publisher = publisherFromEnv(env);
  if (!publisher)
    throw new ConfigError(
      'the beat function needs CELERY_CLOUD_QUEUE_URL (or CELERY_CLOUD_QUEUE_URLS) to publish to',
    );
  const send = beatSenderFromEnv(env, { schedule: options.schedule, publisher });
  return async (event) => {
    const entry = (event as Partial<BeatEvent> | null)?.entry as string;
    return { entry, taskId: await send(entry) };
  };
}
