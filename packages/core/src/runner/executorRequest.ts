/**
 * What a remote function receives: the executor protocol's request (docs/executor-protocol.md).
 */
import type { ExecutionContext, TaskCall } from '../ports.js';
import type { WireValue } from '../types.js';

/** The protocol version a runner sends and the answers it reads: `celery-cloud/1`. */
export const EXECUTOR_PROTOCOL = 'celery-cloud/1';

/** The prefix of every protocol version string; an answer carrying another version is refused. */
export const EXECUTOR_PROTOCOL_PREFIX = 'celery-cloud/';

/**
 * How the request's `task` member is written, for functions written before the protocol had a
 * version: `name` (the HTTP contract: the task name), `object` (the Lambda payload: the task's
 * id, name, retries, eta, expires, root, parent and group ids).
 */
export type LegacyTaskField = 'name' | 'object';

/**
 * The request every remote function receives (wire-form values, kombu JSON): the call's members
 * (`id`, `args`, `kwargs`, `retries`, `eta`, `expires`, `root_id`, `parent_id`, `group`), its task
 * name as `name`, and the protocol's own.
 */
export interface ExecutorRequest extends Omit<TaskCall, 'task'> {
  protocol: typeof EXECUTOR_PROTOCOL;
  name: string;
  /** Milliseconds before the runner stops waiting (the hard time limit); null when unbounded. */
  time_left_ms: number | null;
  task: string | Record<string, WireValue>;
}

/**
 * Build the request for one call. Every transport sends the same members; only `task` keeps the
 * form that transport used before the protocol was versioned.
 *
 * @example
 * ```ts
 * const body = stringifyKombuJson(executorRequest(call, context, 'name'));
 * ```
 */
export function executorRequest(
  call: TaskCall,
  context: ExecutionContext,
  legacyTask: LegacyTaskField,
): ExecutorRequest {
  const left = context.remainingTimeMs();
  const meta = {
    id: call.id,
    name: call.task,
    retries: call.retries,
    eta: call.eta,
    expires: call.expires,
    root_id: call.root_id,
    parent_id: call.parent_id,
    group: call.group,
  };
  return {
    args: call.args,
    kwargs: call.kwargs,
    protocol: EXECUTOR_PROTOCOL,
    ...meta,
    time_left_ms: Number.isFinite(left) ? Math.max(0, Math.floor(left)) : null,
    task: legacyTask === 'name' ? call.task : meta,
  };
}
