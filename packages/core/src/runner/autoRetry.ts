/**
 * Celery's per-task retry options (`autoretry_for`, `retry_backoff`, `retry_backoff_max`,
 * `retry_jitter`, `max_retries`, `default_retry_delay`; celery/app/autoretry.py), for local tasks
 * (`defineTask(name, fn, options)`) and for any route (the route URL's `#fragment`).
 */
import { ConfigError } from '../errors.js';
import type { ExecutionResult, Executor } from '../ports.js';
import type { ExceptionInfo } from '../types.js';
import type { TaskContext } from './defineTask.js';
import { type RetryOptions, RetryRequest } from './errors.js';
import { exceptionInfoFromError } from './exceptionInfo.js';
import { parseRateLimit } from './rateLimit.js';
import { RejectRequest } from './reject.js';

/** An exception an automatic retry is for: an error class (local tasks), or a Python exception
 * name, `ValueError` or `module.ValueError` (`Exception` and `BaseException` match any). */
// biome-ignore lint/suspicious/noExplicitAny: any error class, whatever its constructor.
export type AutoretryMatcher = string | (abstract new (...args: any[]) => unknown);

/** Celery's retry attributes of a task, named in camelCase. */
export interface TaskRetryOptions {
  /** Exceptions that retry the task instead of failing it (Celery `autoretry_for`). */
  autoretryFor?: readonly AutoretryMatcher[];
  /** Exponential back-off for automatic retries: `true` = factor 1, a number = that factor in
   * seconds (Celery `retry_backoff`; default off: `defaultRetryDelay`). */
  retryBackoff?: boolean | number;
  /** The longest back-off in seconds (Celery `retry_backoff_max`, default 600). */
  retryBackoffMax?: number;
  /** Full jitter, a random countdown between 0 and the back-off (Celery `retry_jitter`, default true). */
  retryJitter?: boolean;
  /** Retries before FAILURE (Celery `max_retries`, default 3, null = unlimited); also the default
   * of `ctx.retry()`. */
  maxRetries?: number | null;
  /** Seconds before a retry that names no countdown or eta (Celery `default_retry_delay`, default 180). */
  defaultRetryDelay?: number;
  /** Celery's `rate_limit` (`10/s`, `10/m`, `10/h`), shared by every instance (docs/runner.md). */
  rateLimit?: string;
}

const DEFAULT_RETRY_DELAY = 180;
const DEFAULT_BACKOFF_MAX = 600;
const ANY_EXCEPTION = new Set(['Exception', 'BaseException', 'builtins.Exception', 'builtins.BaseException']);

/**
 * Celery's `get_exponential_backoff_interval`: `min(maximum, factor * 2 ** retries)`, with full
 * jitter a random whole number of seconds from 0 to that (Celery's keyword arguments as options).
 *
 * @example
 * ```ts
 * exponentialBackoff(2, 3, { maximum: 600, fullJitter: false }); // 16
 * ```
 */
export function exponentialBackoff(
  factor: number,
  retries: number,
  {
    maximum,
    fullJitter,
    random = Math.random,
  }: { maximum: number; fullJitter: boolean; random?: () => number },
): number {
  let countdown = Math.min(maximum, factor * 2 ** retries);
  if (fullJitter) countdown = Math.floor(random() * (Math.floor(countdown) + 1));
  return Math.max(0, countdown);
}

/** Whether an exception (and, locally, the thrown error) is one of `matchers`. */
export function matchesException(
  matchers: readonly AutoretryMatcher[],
  exception: ExceptionInfo,
  error?: unknown,
): boolean {
  return matchers.some((matcher) =>
    typeof matcher === 'string'
      ? ANY_EXCEPTION.has(matcher) ||
        matcher === exception.exc_type ||
        matcher === `${exception.exc_module}.${exception.exc_type}` ||
        (error instanceof Error && error.name === matcher)
      : error instanceof matcher,
  );
}

/** Celery's countdown of an automatic retry at attempt `retries`. */
export function autoretryCountdown(
  options: TaskRetryOptions,
  retries: number,
  random: () => number = Math.random,
): number {
  const factor = Math.trunc(Number(options.retryBackoff ?? 0));
  if (!factor) return options.defaultRetryDelay ?? DEFAULT_RETRY_DELAY;
  return exponentialBackoff(factor, retries, {
    maximum: Math.trunc(options.retryBackoffMax ?? DEFAULT_BACKOFF_MAX),
    fullJitter: options.retryJitter ?? true,
    random,
  });
}

function withDefaults(request: RetryOptions, options: TaskRetryOptions): RetryOptions {
  return {
    ...request,
    ...(request.countdown === undefined &&
    request.eta === undefined &&
    options.defaultRetryDelay !== undefined
      ? { countdown: options.defaultRetryDelay }
      : {}),
    ...(request.maxRetries === undefined && options.maxRetries !== undefined
      ? { maxRetries: options.maxRetries }
      : {}),
  };
}

/** Check the options once, when the task or route is defined. */
export function validateRetryOptions(options: TaskRetryOptions, where: string): TaskRetryOptions {
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new ConfigError(`${where}: ${what}`);
  };
  const nonNegative = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  if (options.retryBackoff !== undefined)
    check(
      typeof options.retryBackoff === 'boolean' || nonNegative(options.retryBackoff),
      'retryBackoff must be a boolean or a number of seconds ≥ 0',
    );
  if (options.retryBackoffMax !== undefined)
    check(nonNegative(options.retryBackoffMax), 'retryBackoffMax must be a number of seconds ≥ 0');
  if (options.defaultRetryDelay !== undefined)
    check(nonNegative(options.defaultRetryDelay), 'defaultRetryDelay must be a number of seconds ≥ 0');
  if (options.maxRetries !== undefined && options.maxRetries !== null)
    check(
      Number.isSafeInteger(options.maxRetries) && options.maxRetries >= 0,
      'maxRetries must be an integer ≥ 0 or null',
    );
  if (options.rateLimit !== undefined) parseRateLimit(options.rateLimit);
  for (const matcher of options.autoretryFor ?? [])
    check(
      (typeof matcher === 'string' && matcher !== '') || typeof matcher === 'function',
      'autoretryFor holds error classes or exception names',
    );
  return options;
}

/**
 * A local task function with its retry options: `ctx.retry()` defaults to `maxRetries` and
 * `defaultRetryDelay`, and an error matching `autoretryFor` becomes a retry with that error as
 * `exc`, at Celery's back-off (its FAILURE, once retries are exhausted, is that error).
 *
 * @example
 * ```ts
 * const run = withTaskRetryOptions((_ctx) => fetchRates(), { autoretryFor: [TypeError], retryBackoff: true });
 * ```
 */
export function withTaskRetryOptions<Ctx extends TaskContext, Args extends unknown[], R>(
  fn: (ctx: Ctx, ...args: Args) => R,
  options: TaskRetryOptions,
  random: () => number = Math.random,
): (ctx: Ctx, ...args: Args) => Promise<Awaited<R>> {
  return async (ctx: Ctx, ...args: Args): Promise<Awaited<R>> => {
    const retrying = {
      ...ctx,
      retry: (request: RetryOptions = {}): never => {
        throw new RetryRequest(withDefaults(request, options));
      },
    } as Ctx;
    try {
      return (await fn(retrying, ...args)) as Awaited<R>;
    } catch (error) {
      if (error instanceof RetryRequest || error instanceof RejectRequest) throw error;
      if (
        !options.autoretryFor ||
        !matchesException(options.autoretryFor, exceptionInfoFromError(error), error)
      )
        throw error;
      throw new RetryRequest({
        countdown: autoretryCountdown(options, ctx.retries, random),
        exc: error,
        ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
      });
    }
  };
}

/**
 * An executor whose failures matching `autoretryFor` (by Python exception name) become retries
 * at Celery's back-off, and whose retries without a countdown or `max_retries` get the route's
 * defaults: what the route options do for a remote function.
 *
 * @example
 * ```ts
 * const executor = withRetryOptions(remote, { autoretryFor: ['ConnectionError'], retryBackoff: 2 });
 * ```
 */
export function withRetryOptions(
  executor: Executor,
  options: TaskRetryOptions,
  random: () => number = Math.random,
): Executor {
  return {
    async execute(call, context) {
      const result: ExecutionResult = await executor.execute(call, context);
      if (result.status === 'retry')
        return {
          ...result,
          ...(result.countdown === undefined &&
          result.eta === undefined &&
          options.defaultRetryDelay !== undefined
            ? { countdown: options.defaultRetryDelay }
            : {}),
          ...(result.maxRetries === undefined && options.maxRetries !== undefined
            ? { maxRetries: options.maxRetries }
            : {}),
        };
      if (result.status !== 'failure' || !options.autoretryFor) return result;
      if (!matchesException(options.autoretryFor, result.exception)) return result;
      return {
        status: 'retry',
        countdown: autoretryCountdown(options, call.retries, random),
        exception: result.exception,
        ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
      };
    },
  };
}

const ROUTE_KEYS = new Set([
  'autoretry_for',
  'retry_backoff',
  'retry_backoff_max',
  'retry_jitter',
  'max_retries',
  'default_retry_delay',
  'rate_limit',
]);

function routeNumber(key: string, value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new ConfigError(`route option ${key} must be a number ≥ 0, got ${JSON.stringify(value)}`);
  return Number(value);
}

function routeBoolean(key: string, value: string): boolean {
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  throw new ConfigError(`route option ${key} must be true or false, got ${JSON.stringify(value)}`);
}

/**
 * Take the Celery retry options out of a route URL's fragment
 * (`#autoretry_for=ValueError,KeyError&retry_backoff=2&retry_backoff_max=60&retry_jitter=false&max_retries=5&default_retry_delay=10`,
 * `max_retries=none` for unlimited), leaving the URL with the fragment's other options for its
 * executor plugin. `options` is null when the fragment has none.
 *
 * @example
 * ```ts
 * splitRetryOptions(new URL('lambda://resize#attempts=2&autoretry_for=ValueError')).url.hash; // '#attempts=2'
 * ```
 */
export function splitRetryOptions(route: URL): { url: URL; options: TaskRetryOptions | null } {
  const params = new URLSearchParams(route.hash.replace(/^#/, ''));
  const ours = [...params].filter(([key]) => ROUTE_KEYS.has(key));
  if (ours.length === 0) return { url: route, options: null };
  const options: TaskRetryOptions = {};
  for (const [key, value] of ours) {
    if (key === 'autoretry_for')
      options.autoretryFor = value
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
    if (key === 'retry_backoff')
      options.retryBackoff = /^\d/.test(value) ? routeNumber(key, value) : routeBoolean(key, value);
    if (key === 'retry_backoff_max') options.retryBackoffMax = routeNumber(key, value);
    if (key === 'retry_jitter') options.retryJitter = routeBoolean(key, value);
    if (key === 'default_retry_delay') options.defaultRetryDelay = routeNumber(key, value);
    if (key === 'rate_limit') options.rateLimit = value;
    if (key === 'max_retries')
      options.maxRetries = value.toLowerCase() === 'none' ? null : routeNumber(key, value);
  }
  const rest = new URLSearchParams([...params].filter(([key]) => !ROUTE_KEYS.has(key)));
  const url = new URL(route.href);
  url.hash = rest.toString();
  return { url, options: validateRetryOptions(options, 'route options') };
}
