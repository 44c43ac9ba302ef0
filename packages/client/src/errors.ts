/**
 * Errors the client raises for task outcomes.
 */
import { CeleryCloudError, type ExceptionInfo, type WireValue } from '@celery-cloud/core';

/**
 * A task ended in FAILURE or REVOKED: the exception the worker stored, rebuilt with its Python
 * class name, module, arguments and traceback.
 *
 * @example
 * ```ts
 * try { await result.get(); } catch (e) { if (e instanceof TaskFailedError && e.excType === 'ValueError') retryLater(); }
 * ```
 */
export class TaskFailedError extends CeleryCloudError {
  override name = 'TaskFailedError';
  readonly excType: string;
  readonly excModule: string;
  readonly excMessage: WireValue[];

  constructor(
    readonly taskId: string,
    readonly state: string,
    exception: ExceptionInfo,
    readonly traceback: string | null,
  ) {
    const args = Array.isArray(exception.exc_message) ? exception.exc_message : [exception.exc_message];
    const qualified =
      exception.exc_module === 'builtins'
        ? exception.exc_type
        : `${exception.exc_module}.${exception.exc_type}`;
    super(`${qualified}: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(', ')}`);
    this.excType = exception.exc_type;
    this.excModule = exception.exc_module;
    this.excMessage = args;
  }
}

/**
 * `get()` waited longer than its `timeout`.
 *
 * @example
 * ```ts
 * await result.get({ timeout: 5 }).catch((e) => e instanceof ResultTimeoutError);
 * ```
 */
export class ResultTimeoutError extends CeleryCloudError {
  override name = 'ResultTimeoutError';
}
