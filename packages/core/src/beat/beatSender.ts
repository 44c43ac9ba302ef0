import { ScheduleError } from '../errors.js';
import { type Clock, type Publisher, systemClock } from '../ports.js';
/**
 * Sending a schedule's entries by name: what a cloud scheduler's target does each time it fires
 * (an EventBridge schedule, an Azure timer, a Cloud Scheduler job), and each run of a local beat.
 */
import { logLevelFromEnv, taskQueueFromEnv } from '../runner/config.js';
import { type RunnerLogger, createJsonLogger } from '../runner/logger.js';
import { type BeatSchedule, beatEntry } from './parseSchedule.js';
import { publishBeatEntry } from './publishBeatEntry.js';

/**
 * Options of {@link createBeatSender}.
 *
 * @example
 * ```ts
 * const options: BeatSenderOptions = { schedule, publisher, logger: createJsonLogger(), queueFor: () => 'celery' };
 * ```
 */
export interface BeatSenderOptions {
  schedule: BeatSchedule;
  publisher: Publisher;
  logger: RunnerLogger;
  /** The queue of a task whose entry names none; default `celery`. */
  queueFor?: (task: string) => string;
  /** Default the system clock. */
  clock?: Clock;
}

/**
 * Sends the entry called `name` (due at `dueAt`, default now) and resolves to its fresh task id.
 *
 * @example
 * ```ts
 * const taskId = await send('report-mornings');
 * ```
 */
export type BeatSender = (name: string, dueAt?: Date) => Promise<string>;

/**
 * A {@link BeatSender}: logs `beat: sent` with the entry, task and task id, or `beat: could not
 * send` at error level and rethrows (a missing or unknown entry name is a `ScheduleError`).
 *
 * @example
 * ```ts
 * const send = createBeatSender({ schedule, publisher, logger: createJsonLogger() });
 * await send('add-every-10s');
 * ```
 */
export function createBeatSender(options: BeatSenderOptions): BeatSender {
  const clock = options.clock ?? systemClock;
  const deps = { publisher: options.publisher, clock, queueFor: options.queueFor ?? (() => 'celery') };
  return async (name, dueAt = clock.now()) => {
    try {
      // Names come from cloud events (a schedule's input, a request body): check what arrived.
      if (typeof name !== 'string' || name === '')
        throw new ScheduleError(null, 'entry', `the event names no entry, got ${JSON.stringify(name)}`);
      const entry = beatEntry(options.schedule, name);
      const taskId = await publishBeatEntry(deps, entry);
      options.logger.log('info', 'beat: sent', { entry: name, task: entry.task, taskId, dueAt });
      return taskId;
    } catch (error) {
      options.logger.log('error', 'beat: could not send', {
        entry: name,
        dueAt,
        error: (error as Error).message,
      });
      throw error;
    }
  };
}

/**
 * The sender a deployed function wires from its environment: JSON log lines at
 * `CELERY_CLOUD_LOG_LEVEL`, and the queue of `CELERY_TASK_ROUTES`/`CELERY_TASK_DEFAULT_QUEUE` for
 * entries naming none. Throws `ConfigError` on bad settings.
 *
 * @example
 * ```ts
 * const send = beatSenderFromEnv(process.env, { schedule, publisher: createPublisher({ queueUrl }) });
 * ```
 */
export function beatSenderFromEnv(
  env: Record<string, string | undefined>,
  options: { schedule: BeatSchedule; publisher: Publisher },
): BeatSender {
  return createBeatSender({
    ...options,
    logger: createJsonLogger({ level: logLevelFromEnv(env) }),
    queueFor: taskQueueFromEnv(env),
  });
}
