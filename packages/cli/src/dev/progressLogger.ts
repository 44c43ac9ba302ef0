import type { RunnerLogger } from '@celery-cloud/core';
import type { ProgressPrinter } from './ProgressPrinter.js';

const bigints = (_key: string, value: unknown) => (typeof value === 'bigint' ? `${value}` : value);

/**
 * A runner logger that turns the runner's one record per message into progress lines: a task
 * outcome, a message left on the queue and why, or a warning.
 *
 * @example
 * ```ts
 * const handler = handlerFromEnv(env, { tasks, logger: progressLogger(progress) });
 * ```
 */
export function progressLogger(progress: ProgressPrinter): RunnerLogger {
  return {
    log(level, message, fields = {}) {
      if (typeof fields.messageId === 'string' && typeof fields.reason === 'string') {
        const task = typeof fields.taskId === 'string' ? ` (task ${fields.taskId})` : '';
        progress.note(`message ${fields.messageId}${task} left on the queue to reappear: ${fields.reason}`);
      } else if (
        typeof fields.messageId === 'string' &&
        typeof fields.state === 'string' &&
        typeof fields.taskId === 'string'
      ) {
        progress.taskFinished({
          taskId: fields.taskId,
          taskName: typeof fields.task === 'string' ? fields.task : null,
          state: fields.state,
          durationMs: typeof fields.durationMs === 'number' ? fields.durationMs : 0,
        });
      } else if (level === 'warn' || level === 'error') {
        // Everything else worth attention: a worker's failed receive, a lease that ran out, ...
        progress.note(`${level}: ${message} ${JSON.stringify(fields, bigints)}`);
      }
    },
  };
}
