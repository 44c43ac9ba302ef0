/**
 * Celery's `Reject(requeue=...)` (docs/protocol.md §7.1 step 11): a task (`ctx.reject()`) or a
 * remote function (an answer `{"reject": {"requeue": bool}}`) hands its message back or drops it;
 * nothing is stored, as on a Celery worker.
 */
import { CeleryCloudError } from '../errors.js';

/** Options of `ctx.reject()`, named as Celery's `Reject`. */
export interface RejectOptions {
  /** Hand the message back to the queue to be delivered again (default false: drop it). */
  requeue?: boolean;
}

/**
 * The signal `ctx.reject()` throws; tasks should let it propagate.
 *
 * @example
 * ```ts
 * try { await work(); } catch (e) { if (e instanceof RejectRequest) throw e; }
 * ```
 */
export class RejectRequest extends CeleryCloudError {
  override name = 'RejectRequest';
  readonly requeue: boolean;

  constructor(options: RejectOptions = {}) {
    super(options.requeue ? 'Rejected, requeued' : 'Rejected, dropped');
    this.requeue = options.requeue === true;
  }
}

/** The `reject` member of a remote function's answer, or null when it is not one (anything but
 * `{"requeue": bool}` alone, or `{}`). */
export function rejectOf(value: unknown): { status: 'reject'; requeue: boolean } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  const requeue = (value as { requeue?: unknown }).requeue;
  if (keys.some((key) => key !== 'requeue')) return null;
  if (requeue !== undefined && typeof requeue !== 'boolean') return null;
  return { status: 'reject', requeue: requeue === true };
}
