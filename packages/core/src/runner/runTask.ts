/**
 * Running a task function for one call: the context it sees, the values it gets and gives, and
 * its errors as Celery outcomes. Shared by the `task://` executor and remote functions.
 */
import { fromWire, toWire } from '../codec/index.js';
import { EncodeError } from '../errors.js';
import type { ExecutionContext, ExecutionResult, TaskCall } from '../ports.js';
import type { TaskContext } from './defineTask.js';
import { RetryRequest } from './errors.js';
import { exceptionInfoFromError, pythonTraceback } from './exceptionInfo.js';
import { RejectRequest } from './reject.js';

/** A task function, as `defineTask` and `defineRemoteFunction` take it. */
export type TaskFunction = (ctx: TaskContext, ...args: unknown[]) => unknown;

function failure(error: unknown, call: TaskCall): ExecutionResult {
  const exception =
    error instanceof EncodeError
      ? { exc_type: 'EncodeError', exc_message: [error.message], exc_module: 'kombu.exceptions' }
      : exceptionInfoFromError(error);
  return {
    status: 'failure',
    exception,
    traceback: pythonTraceback(error, exception, { file: call.task, fn: call.task }),
  };
}

function retry(request: RetryRequest): ExecutionResult {
  const { countdown, eta, exc, maxRetries } = request.options;
  return {
    status: 'retry',
    ...(countdown === undefined ? {} : { countdown }),
    ...(eta === undefined ? {} : { eta: eta.toISOString() }),
    exception: exc === undefined ? null : exceptionInfoFromError(exc),
    ...(maxRetries === undefined ? {} : { maxRetries }),
  };
}

/**
 * Run `fn` for `call`: args and kwargs decoded from the wire, the result encoded to it
 * (`typeTags`: kombu 5.3+ tags), a `ctx.retry()` as a retry, any other error as a failure with a
 * Python-shaped traceback.
 *
 * @example
 * ```ts
 * const result = await runTask((_ctx, a, b) => Number(a) + Number(b), call, context, { typeTags: true });
 * ```
 */
export async function runTask(
  fn: TaskFunction,
  call: TaskCall,
  context: ExecutionContext,
  options: { typeTags: boolean },
): Promise<ExecutionResult> {
  const ctx: TaskContext = {
    id: call.id,
    name: call.task,
    retries: call.retries,
    rootId: call.root_id,
    parentId: call.parent_id,
    group: call.group,
    kwargs: fromWire(call.kwargs) as Record<string, unknown>,
    signal: context.softSignal,
    remainingTimeMs: () => context.remainingTimeMs(),
    updateState: async (state, meta = null) =>
      context.updateState ? context.updateState(state, toWire(meta, { typeTags: options.typeTags })) : false,
    reject: (rejectOptions) => {
      throw new RejectRequest(rejectOptions);
    },
    retry: (retryOptions) => {
      throw new RetryRequest(retryOptions);
    },
  };
  try {
    const value = await fn(ctx, ...(fromWire(call.args) as unknown[]));
    return { status: 'success', value: toWire(value, { typeTags: options.typeTags }) };
  } catch (error) {
    if (error instanceof RejectRequest) return { status: 'reject', requeue: error.requeue };
    return error instanceof RetryRequest ? retry(error) : failure(error, call);
  }
}
