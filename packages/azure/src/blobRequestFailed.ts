import { CeleryCloudError } from '@celery-cloud/core';

/**
 * A Blob Storage request the result store could not complete: the service answered with an
 * unexpected status (`status`, and the service's `x-ms-error-code` in `errorCode`), or it could not
 * be reached (`status` null, the network error as `cause`), or conditional writes kept losing to
 * concurrent ones (`status` 412). The runner treats it as a store outage: the message is not
 * acknowledged and comes back.
 *
 * @example
 * ```ts
 * try { await store.set(meta); } catch (e) {
 *   if (e instanceof BlobRequestFailed && e.errorCode === 'AuthenticationFailed') console.error('check the account key');
 * }
 * ```
 */
export class BlobRequestFailed extends CeleryCloudError {
  override name = 'BlobRequestFailed';
  /** The HTTP status the service answered, or null when it could not be reached. */
  readonly status: number | null;
  /** The service's error code (`x-ms-error-code`, e.g. `AuthenticationFailed`), or null. */
  readonly errorCode: string | null;

  constructor(
    message: string,
    failure: { status: number | null; errorCode?: string | null; cause?: unknown },
  ) {
    super(message, failure.cause === undefined ? undefined : { cause: failure.cause });
    this.status = failure.status;
    this.errorCode = failure.errorCode ?? null;
  }

  /**
   * The service answered `operation` on `target` with an unexpected `status`.
   *
   * @example
   * ```ts
   * throw BlobRequestFailed.answered('Get Blob', 'celery/b', 403, 'AuthenticationFailed');
   * // message: 'Get Blob celery/b: HTTP 403 AuthenticationFailed'
   * ```
   */
  static answered(
    operation: string,
    target: string,
    status: number,
    errorCode: string | null,
    cause?: unknown,
  ): BlobRequestFailed {
    const message = `${operation} ${target}: HTTP ${status}${errorCode ? ` ${errorCode}` : ''}`;
    return new BlobRequestFailed(message, { status, errorCode, cause });
  }

  /**
   * The service could not be reached for `operation` on `target`; `cause` is the network error.
   *
   * @example
   * ```ts
   * throw BlobRequestFailed.unreachable('Put Blob', 'celery/b', error); // 'Put Blob celery/b: unreachable (connect ECONNREFUSED …)'
   * ```
   */
  static unreachable(operation: string, target: string, cause: unknown): BlobRequestFailed {
    const error = cause as { message?: unknown; cause?: { message?: unknown } } | null;
    const reason = String(error?.cause?.message ?? error?.message ?? cause);
    return new BlobRequestFailed(`${operation} ${target}: unreachable (${reason})`, { status: null, cause });
  }
}
