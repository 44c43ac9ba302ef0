import { EncodeError, PermanentFailure } from '../errors.js';
import type { ExceptionInfo, ResultMeta } from '../types.js';
import { celeryExceptions } from './celeryExceptions.js';

/**
 * The exception to store for an error no redelivery can cure, or null for one that may pass
 * (a throttled store, a network error). Permanent: every {@link PermanentFailure}
 * (`ResultTooLarge`, `MessageTooLarge`, `InvalidRetry`) and an {@link EncodeError} (a value that
 * cannot be written, stored as kombu's `EncodeError` as Celery does).
 *
 * @example
 * ```ts
 * permanentException(new ResultTooLarge('too big'))?.exc_type; // 'ResultTooLarge'
 * permanentException(new Error('ECONNRESET')); // null
 * ```
 */
export function permanentException(error: unknown): ExceptionInfo | null {
  if (error instanceof PermanentFailure) return error.exception;
  if (error instanceof EncodeError) return celeryExceptions.encodeError(error.message);
  return null;
}

/**
 * `meta` without the extended request's `args` and `kwargs` (the part of a meta a message
 * controls), or null when it has none to leave out.
 *
 * @example
 * ```ts
 * withoutRequestArgs(meta)?.request?.args; // []
 * ```
 */
export function withoutRequestArgs(meta: ResultMeta): ResultMeta | null {
  const request = meta.request;
  if (!request || (request.args.length === 0 && Object.keys(request.kwargs).length === 0)) return null;
  return { ...meta, request: { ...request, args: [], kwargs: {} } };
}
