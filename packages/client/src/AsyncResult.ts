/**
 * The result of one task, read from the result backend as Celery's `AsyncResult` does.
 */
import {
  ConfigError,
  type ExceptionInfo,
  type ResultMeta,
  type ResultStore,
  type TaskState,
  fromWire,
} from '@celery-cloud/core';
import { ResultTimeoutError, TaskFailedError } from './errors.js';

/** Options of `get()`. Times are in seconds, as in Celery. */
export interface GetOptions {
  /** Give up after this long (default: wait forever). */
  timeout?: number;
  /** Longest pause between polls; polling starts at 50 ms and backs off to it (default 0.5). */
  interval?: number;
  /** Throw the task's failure (default true); false returns it as a {@link TaskFailedError}. */
  propagate?: boolean;
}

const READY = new Set<TaskState>(['SUCCESS', 'FAILURE', 'REVOKED']);
const FAILED = new Set<TaskState>(['FAILURE', 'REVOKED']);

function failure(meta: ResultMeta): TaskFailedError {
  return new TaskFailedError(meta.task_id, meta.status, meta.result as ExceptionInfo, meta.traceback);
}

/** What a result needs from its parent (an earlier chain step or a chord header). */
export interface ParentResult {
  /** The failure of this result or of any parent, or null. */
  failure(): Promise<TaskFailedError | null>;
}

/**
 * Polls `until` with backoff from 50 ms to `interval` seconds; throws {@link ResultTimeoutError}
 * after `timeout` seconds.
 *
 * @example
 * ```ts
 * const value = await poll(() => readOnce(), { timeout: 10 }, 'task abc');
 * ```
 */
export async function poll<T>(
  until: () => Promise<T | undefined>,
  options: GetOptions,
  what: string,
): Promise<T> {
  const deadline =
    options.timeout === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeout * 1000;
  const maxPause = (options.interval ?? 0.5) * 1000;
  for (let pause = 50; ; pause = Math.min(pause * 2, maxPause)) {
    const value = await until();
    if (value !== undefined) return value;
    if (Date.now() + pause > deadline)
      throw new ResultTimeoutError(`${what} not ready after ${options.timeout}s`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/**
 * One task's state and result. `T` is the result type a typed task declares.
 *
 * @example
 * ```ts
 * const result = await client.sendTask<number>('proj.add', [2, 3]);
 * await result.get({ timeout: 10 }); // 5
 * ```
 */
export class AsyncResult<T = unknown> implements ParentResult {
  constructor(
    readonly id: string,
    readonly backend: ResultStore,
    readonly parent: ParentResult | null = null,
  ) {}

  /** The stored meta document, or null while PENDING. */
  meta(): Promise<ResultMeta | null> {
    return this.backend.get(this.id);
  }

  /** `PENDING` until the worker stores something. */
  async state(): Promise<TaskState> {
    return (await this.meta())?.status ?? 'PENDING';
  }

  async ready(): Promise<boolean> {
    return READY.has(await this.state());
  }

  async successful(): Promise<boolean> {
    return (await this.state()) === 'SUCCESS';
  }

  async failure(): Promise<TaskFailedError | null> {
    const meta = await this.meta();
    if (meta && FAILED.has(meta.status)) return failure(meta);
    return this.parent ? this.parent.failure() : null;
  }

  /**
   * Wait for the result. Like Celery's, it follows parents: a failed earlier chain step or chord
   * header member raises its own error. Tagged values (dates, bytes, big integers) are decoded.
   */
  async get(options: GetOptions & { propagate: false }): Promise<T | TaskFailedError>;
  async get(options?: GetOptions): Promise<T>;
  async get(options: GetOptions = {}): Promise<T | TaskFailedError> {
    const outcome = await poll<{ value: T } | { error: TaskFailedError }>(
      async () => {
        const meta = await this.meta();
        if (meta?.status === 'SUCCESS') return { value: fromWire(meta.result) as T };
        if (meta && FAILED.has(meta.status)) return { error: failure(meta) };
        const parentFailure = this.parent ? await this.parent.failure() : null;
        return parentFailure ? { error: parentFailure } : undefined;
      },
      options,
      `task ${this.id}`,
    );
    if ('value' in outcome) return outcome.value;
    if (options.propagate === false) return outcome.error;
    throw outcome.error;
  }

  /** Delete the stored result (Celery's `forget()`). */
  async forget(): Promise<void> {
    if (!this.backend.forget) throw new ConfigError('this result backend cannot forget results');
    await this.backend.forget(this.id);
  }
}
