import {
  type Beat,
  type BeatSchedule,
  type Clock,
  type Publisher,
  type RunnerLogger,
  startBeat,
} from '@celery-cloud/core';
import type { ProgressPrinter } from '../run/ProgressPrinter.js';

/**
 * What `dev --beat` and `worker --beat` run a schedule with.
 *
 * @example
 * ```ts
 * const options: CliBeatOptions = { schedule, publisher, queueFor: () => 'celery', progress, logger: progressLogger(progress) };
 * ```
 */
export interface CliBeatOptions {
  schedule: BeatSchedule;
  publisher: Publisher;
  /** The queue of an entry naming none. */
  queueFor: (task: string) => string;
  progress: ProgressPrinter;
  /** Where a run that cannot be sent is reported (the progress logger). */
  logger: RunnerLogger;
  clock?: Clock;
}

/**
 * Start the beat of `dev --beat`/`worker --beat`: each run sent is one progress line
 * (`beat: sent <entry> -> <task> [<task id>]`); one that cannot be sent is an error line.
 *
 * @example
 * ```ts
 * const beat = startCliBeat({ schedule, publisher, queueFor: () => 'celery', progress, logger: progressLogger(progress) });
 * await beat.stop();
 * ```
 */
export function startCliBeat(options: CliBeatOptions): Beat {
  const { progress } = options;
  const quiet: RunnerLogger = {
    // Sent runs are printed by onPublished; failures go to the progress logger as error lines.
    log: (level, message, fields) => {
      if (level === 'error' || level === 'warn') options.logger.log(level, message, fields);
    },
  };
  return startBeat({
    schedule: options.schedule,
    publisher: options.publisher,
    queueFor: options.queueFor,
    logger: quiet,
    ...(options.clock ? { clock: options.clock } : {}),
    onPublished: (run) => progress.note(`beat: sent ${run.entry} -> ${run.task} [${run.taskId}]`),
  });
}
