/**
 * Typed errors a task or an executor throws to choose what the runner stores.
 */
import { CeleryCloudError } from '../errors.js';
import type { ExceptionInfo, WireValue } from '../types.js';

/**
 * A task failure carrying the exact Python exception the client should rebuild (docs/protocol.md §6.3).
 * Use `excModule: 'builtins'` for standard Python exceptions so callers can catch the real class.
 *
 * @example
 * ```ts
 * throw new TaskError({ excType: 'ValueError', excModule: 'builtins', excMessage: ['negative amount'] });
 * ```
 */
export class TaskError extends CeleryCloudError {
  override name = 'TaskError';
  readonly excType: string;
  readonly excModule: string;
  readonly excMessage: WireValue[];

  constructor(init: { excType: string; excModule: string; excMessage?: WireValue[]; cause?: unknown }) {
    const excMessage = init.excMessage ?? [];
    super(
      excMessage.map((part) => (typeof part === 'string' ? part : String(part))).join(', '),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.excType = init.excType;
    this.excModule = init.excModule;
    this.excMessage = excMessage;
  }

  /** The serialized exception as the backend stores it. */
  toExceptionInfo(): ExceptionInfo {
    return { exc_type: this.excType, exc_message: [...this.excMessage], exc_module: this.excModule };
  }
}

/** Options of a retry request; the same names as Celery's `Task.retry()`. */
export interface RetryOptions {
  /** Seconds from now (default 180, Celery's `default_retry_delay`). */
  countdown?: number;
  /** Absolute time of the next attempt, instead of `countdown`. */
  eta?: Date;
  /** The exception stored with RETRY and raised once retries are exhausted. */
  exc?: unknown;
  /** Celery's `max_retries` (default 3, `null` = unlimited). */
  maxRetries?: number | null;
}

/**
 * The signal `ctx.retry()` throws; the local executor catches it and asks the runner to
 * republish the task (docs/protocol.md §7.5). Tasks should let it propagate.
 *
 * @example
 * ```ts
 * try { await work(); } catch (e) { if (e instanceof RetryRequest) throw e; }
 * ```
 */
export class RetryRequest extends CeleryCloudError {
  override name = 'RetryRequest';
  readonly options: RetryOptions;

  constructor(options: RetryOptions = {}) {
    super(`Retry in ${options.eta ? options.eta.toISOString() : `${options.countdown ?? 180}s`}`);
    this.options = options;
  }
}
