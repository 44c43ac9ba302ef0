import type { RunnerLogger } from '@celery-cloud/core';

/**
 * The poll loop's logger for a local stand-in: its warnings and errors (a failed receive, an
 * expired lease, a message moved to a poison queue) go to the stand-in's `onError` as errors.
 *
 * @example
 * ```ts
 * startPollLoop({ source, step, logger: errorLogger((error) => console.error(error)) });
 * ```
 */
export function errorLogger(onError: ((error: unknown) => void) | undefined): RunnerLogger {
  return {
    log(level, msg, fields = {}) {
      if (level !== 'warn' && level !== 'error') return;
      const cause = typeof fields.error === 'string' ? `: ${fields.error}` : '';
      onError?.(new Error(`${msg}${cause}`));
    },
  };
}
