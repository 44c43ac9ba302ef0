/**
 * Remote functions in TypeScript: the function side of the executor protocol
 * (docs/executor-protocol.md). Each adapter wraps a {@link RemoteFunction} for its runtime.
 */
import { parseKombuJson } from '../codec/index.js';
import type { ExecutionContext, ExecutionResult, TaskCall } from '../ports.js';
import type { WireValue } from '../types.js';
import type { TaskContext } from './defineTask.js';
import { EXECUTOR_PROTOCOL } from './executorRequest.js';
import { runTask } from './runTask.js';

/** A `celery-cloud/1` answer (the `answer` of docs/executor-protocol.schema.json). */
export type ExecutorAnswer =
  | { protocol: typeof EXECUTOR_PROTOCOL; status: 'success'; result: WireValue }
  /** Celery's `Reject`: the one answer without a `celery-cloud/1` envelope (docs/executor-protocol.md). */
  | { reject: { requeue: boolean } }
  | {
      protocol: typeof EXECUTOR_PROTOCOL;
      status: 'failure';
      exc_type: string;
      exc_module: string;
      exc_message: WireValue[];
      traceback: string | null;
    }
  | {
      protocol: typeof EXECUTOR_PROTOCOL;
      status: 'retry';
      retry: { countdown?: number; eta?: string; max_retries?: number | null; exc?: WireValue };
    };

/** A function that answers executor requests; adapters serve it on Lambda, Azure, Cloud Functions. */
export interface RemoteFunction {
  /** Answer one request (the parsed JSON object, or its text). Never rejects. */
  handle(request: unknown): Promise<ExecutorAnswer>;
}

/** Options of {@link defineRemoteFunction}. */
export interface RemoteFunctionOptions {
  /** Write kombu 5.3+ type tags for `Date`/`Uint8Array`/`bigint` results (default false: every Celery client reads the plain forms). */
  typeTags?: boolean;
}

const isRecord = (value: unknown): value is Record<string, WireValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: WireValue): string | null => (typeof value === 'string' ? value : null);

/** Read a request of this protocol or of the unversioned HTTP body or Lambda payload. */
function callOf(body: unknown): TaskCall {
  if (!isRecord(body) || !Array.isArray(body.args ?? []))
    throw new TypeError('the request is not a JSON object with an args list');
  const legacy = isRecord(body.task) ? body.task : {};
  const field = (name: string) => (name in body ? body[name] : legacy[name]) ?? null;
  return {
    id: String(field('id') ?? ''),
    task: text(body.name) ?? text(legacy.name) ?? text(body.task) ?? '',
    args: (body.args ?? []) as WireValue[],
    kwargs: isRecord(body.kwargs) ? body.kwargs : {},
    retries: typeof field('retries') === 'number' ? (field('retries') as number) : 0,
    eta: text(field('eta')),
    expires: text(field('expires')),
    root_id: text(field('root_id')),
    parent_id: text(field('parent_id')),
    group: text(field('group')),
  };
}

function contextOf(request: unknown): { context: ExecutionContext; done(): void } {
  const left = isRecord(request) && typeof request.time_left_ms === 'number' ? request.time_left_ms : null;
  const deadline = left === null ? Number.POSITIVE_INFINITY : Date.now() + left;
  const controller = new AbortController();
  const timer = left === null ? undefined : setTimeout(() => controller.abort(), left);
  timer?.unref?.();
  return {
    context: {
      signal: controller.signal,
      softSignal: controller.signal,
      remainingTimeMs: () => deadline - Date.now(),
    },
    done: () => clearTimeout(timer),
  };
}

/**
 * The `celery-cloud/1` answer of an execution result.
 *
 * @example
 * ```ts
 * answerOf({ status: 'success', value: 5 }); // { protocol: 'celery-cloud/1', status: 'success', result: 5 }
 * ```
 */
export function answerOf(result: ExecutionResult): ExecutorAnswer {
  const protocol = EXECUTOR_PROTOCOL;
  if (result.status === 'success') return { protocol, status: 'success', result: result.value };
  if (result.status === 'failure')
    return { protocol, status: 'failure', ...result.exception, traceback: result.traceback };
  if (result.status === 'reject') return { reject: { requeue: result.requeue } };
  return {
    protocol,
    status: 'retry',
    retry: {
      ...(result.countdown === undefined ? {} : { countdown: result.countdown }),
      ...(result.eta === undefined ? {} : { eta: result.eta }),
      ...(result.maxRetries === undefined ? {} : { max_retries: result.maxRetries }),
      ...(result.exception ? { exc: result.exception } : {}),
    },
  };
}

/**
 * Define a remote function: typed like {@link defineTask} (positional args from the signature,
 * keyword args as `ctx.kwargs`, `ctx.retry()`, `ctx.signal` aborting when the runner stops
 * waiting), answering the executor protocol. Serve it with `lambdaRemoteFunction`
 * (`@celery-cloud/aws`), `azureRemoteFunction` (`@celery-cloud/azure`) or `cloudRemoteFunction`
 * (`@celery-cloud/gcp`).
 *
 * @example
 * ```ts
 * export const resize = defineRemoteFunction(async (ctx: TaskContext<{ path?: string }>, width: number, height: number) => {
 *   if (width <= 0) throw new TaskError({ excType: 'ValueError', excModule: 'builtins', excMessage: ['width must be positive'] });
 *   if (ctx.retries < 1 && (await storeBusy())) ctx.retry({ countdown: 30 });
 *   return { path: ctx.kwargs.path, size: [width, height] };
 * });
 * export const handler = lambdaRemoteFunction(resize);
 * ```
 */
export function defineRemoteFunction<
  Args extends unknown[],
  Result,
  Kwargs extends Record<string, unknown> = Record<string, unknown>,
>(
  fn: (ctx: TaskContext<Kwargs>, ...args: Args) => Result | Promise<Result>,
  options: RemoteFunctionOptions = {},
): RemoteFunction {
  const typeTags = options.typeTags ?? false;
  return {
    async handle(request) {
      let body: unknown;
      let call: TaskCall;
      try {
        body = typeof request === 'string' ? parseKombuJson(request) : request;
        call = callOf(body);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return answerOf({
          status: 'failure',
          exception: { exc_type: 'ProtocolError', exc_message: [message], exc_module: 'celery_cloud.errors' },
          traceback: null,
        });
      }
      const { context, done } = contextOf(body);
      try {
        return answerOf(await runTask(fn as never, call, context, { typeTags }));
      } finally {
        done();
      }
    },
  };
}
