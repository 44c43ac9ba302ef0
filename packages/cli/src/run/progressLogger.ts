import type { RunnerLogger } from '@celery-cloud/core';
import type { ProgressPrinter } from './ProgressPrinter.js';

const bigints = (_key: string, value: unknown) => (typeof value === 'bigint' ? `${value}` : value);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * A runner logger that turns the runner's one record per message into progress lines: what
 * happened to the message (stored and acknowledged, deferred, or redelivered and why), and
 * warnings and errors that concern no single message.
 *
 * @example
 * ```ts
 * const handler = handlerFromEnv(env, { tasks, logger: progressLogger(progress) });
 * ```
 */
export function progressLogger(progress: ProgressPrinter): RunnerLogger {
  return {
    log(level, message, fields = {}) {
      const messageId = text(fields.messageId);
      if (
        messageId === null ||
        (message !== 'task message acked' && message !== 'task message redelivered')
      ) {
        if (level === 'warn' || level === 'error')
          progress.note(`${level}: ${message} ${JSON.stringify(fields, bigints)}`);
        return;
      }
      progress.settled({
        messageId,
        taskId: text(fields.taskId),
        taskName: text(fields.task),
        action: message === 'task message acked' ? 'ack' : 'redeliver',
        state: text(fields.state),
        reason: text(fields.reason),
        durationMs: typeof fields.durationMs === 'number' ? fields.durationMs : 0,
        duplicate: fields.duplicate === true,
        deferredUntil: text(fields.deferredUntil),
        retryEta: text(fields.retryEta),
      });
    },
  };
}
