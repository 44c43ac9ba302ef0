/**
 * Typed local task definitions: positional args typed by the function signature, keyword
 * arguments reachable as `ctx.kwargs`.
 */
import { type TaskRetryOptions, validateRetryOptions, withTaskRetryOptions } from './autoRetry.js';
import type { RetryOptions } from './errors.js';
import type { RejectOptions } from './reject.js';

/** Per-task options of {@link defineTask}: Celery's task attributes, in camelCase. */
export interface TaskOptions extends TaskRetryOptions {}

/**
 * What a local task sees of its request (Celery's `self.request`) and its limits.
 *
 * @example
 * ```ts
 * const add = defineTask('proj.add', (ctx, a: number, b: number) => (ctx.retries < 1 ? ctx.retry({ countdown: 5 }) : a + b));
 * ```
 */
export interface TaskContext<Kwargs extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  /** The task name the message carried. */
  name: string;
  retries: number;
  rootId: string | null;
  parentId: string | null;
  group: string | null;
  /** Keyword arguments, decoded from the wire (`Date`, `Uint8Array`, `bigint` where tagged). */
  kwargs: Kwargs;
  /** Aborts at the soft time limit (and at the hard one); its `reason` is a `SoftTimeLimitExceeded`. */
  signal: AbortSignal;
  /** Milliseconds left before the hard time limit. */
  remainingTimeMs(): number;
  /**
   * Store a custom state while the task runs, as Celery's `self.update_state(state=..., meta=...)`:
   * the client's `AsyncResult.state` is `state` and `.info` is `meta` until the task ends. Resolves
   * true once stored, false where nothing can be stored (a remote function, or after the task
   * ended); SUCCESS, FAILURE and REVOKED are refused (the runner writes them).
   */
  updateState(state: string, meta?: unknown): Promise<boolean>;
  /** Reject the message, as Celery's `raise Reject(requeue=...)`: nothing is stored; `requeue`
   * hands it back to the queue, else it is dropped. Throws a `RejectRequest`. */
  reject(options?: RejectOptions): never;
  /** Ask for a retry, as Celery's `self.retry()`: throws a {@link RetryRequest}. */
  retry(options?: RetryOptions): never;
}

/**
 * A local task: its Celery name and the function the runner calls with decoded positional args.
 *
 * @example
 * ```ts
 * const def: TaskDefinition<[number, number], number> = defineTask('proj.add', (_ctx, a: number, b: number) => a + b);
 * ```
 */
export interface TaskDefinition<
  Args extends unknown[] = unknown[],
  Result = unknown,
  Kwargs extends Record<string, unknown> = Record<string, unknown>,
> {
  readonly name: string;
  /** The options the task was defined with. */
  readonly options?: TaskOptions;
  run(ctx: TaskContext<Kwargs>, ...args: Args): Result | Promise<Result>;
}

/** Any task definition, whatever its argument and result types. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds tasks of every signature.
export type AnyTaskDefinition = TaskDefinition<any, unknown, any>;

/**
 * Define a local task, optionally with Celery's retry attributes (`autoretryFor`, `retryBackoff`,
 * `retryBackoffMax`, `retryJitter`, `maxRetries`, `defaultRetryDelay`; docs/runner.md). Values arrive as the Python client sent them (decoded from kombu JSON);
 * the types are a promise the caller makes, not a runtime check: validate untrusted input.
 *
 * @example
 * ```ts
 * const greet = defineTask('proj.greet', (ctx: TaskContext<{ punctuation?: string }>, name: string) =>
 *   `hello ${name}${ctx.kwargs.punctuation ?? '!'}`);
 * ```
 */
export function defineTask<
  Args extends unknown[],
  Result,
  Kwargs extends Record<string, unknown> = Record<string, unknown>,
>(
  name: string,
  fn: (ctx: TaskContext<Kwargs>, ...args: Args) => Result | Promise<Result>,
  options?: TaskOptions,
): TaskDefinition<Args, Awaited<Result>, Kwargs> {
  if (!options) return { name, run: fn as TaskDefinition<Args, Awaited<Result>, Kwargs>['run'] };
  validateRetryOptions(options, `defineTask(${JSON.stringify(name)})`);
  const run = withTaskRetryOptions(fn, options) as TaskDefinition<Args, Awaited<Result>, Kwargs>['run'];
  return { name, options, run };
}
