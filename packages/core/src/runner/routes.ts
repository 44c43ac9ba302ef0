/**
 * The `TASKS` route table: Celery task name → executor, chosen by the route URL's scheme.
 * Routes come only from configuration, never from message content.
 */
import { ConfigError } from '../errors.js';
import type { ExecutionResult, Executor, ExecutorPlugin } from '../ports.js';
import { splitRetryOptions, withRetryOptions } from './autoRetry.js';
import { failureFromError } from './exceptionInfo.js';
import { parseJsonObject } from './parseJsonObject.js';
import { type RateLimit, parseRateLimit } from './rateLimit.js';
import { redactUrl } from './redactUrl.js';
import { type RouteSecrets, routeSecrets, scrubSecrets } from './scrubSecrets.js';

/** The wildcard route key: used for any task name without its own route. */
export const WILDCARD_ROUTE = '*';

/** One resolved route. `url` is redacted, safe to log. */
export interface Route {
  task: string;
  url: string;
  executor: Executor;
  /** Celery's task attribute `ignore_result`: store no state at all (built-ins like `celery.chord_unlock`). */
  ignoreResult?: boolean;
  /** Celery's `rate_limit`, shared across instances (docs/runner.md, "Rate limits"). */
  rateLimit?: RateLimit | null;
}

/**
 * Parsed routes, each executor built once at construction.
 *
 * @example
 * ```ts
 * const routes = parseRoutes('{"proj.add": "https://api.example.com/add"}', [httpExecutorPlugin('https')]);
 * routes.resolve('proj.add')?.executor;
 * ```
 */
export interface RouteTable {
  /** The route configured for exactly this task name, or null. */
  exact(task: string): Route | null;
  /** The route of a task name, falling back to the `*` route; null when there is none. */
  resolve(task: string): Route | null;
  readonly tasks: readonly string[];
}

const AUTHORITY = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s;

/**
 * A route's URL. A non-web scheme's authority may hold colons no URL host can
 * (`lambda://arn:aws:lambda:eu-west-1:123456789012:function:resize`, `lambda://resize:live`):
 * it is then read percent-encoded, as if written so.
 */
function routeUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    const match = AUTHORITY.exec(raw);
    const scheme = match?.[1]?.toLowerCase();
    if (!match || scheme === 'http' || scheme === 'https') return null;
    try {
      return new URL(`${match[1]}://${encodeURIComponent(match[2] ?? '')}${match[3] ?? ''}`);
    } catch {
      return null;
    }
  }
}

function schemeOf(plugin: ExecutorPlugin): string {
  return plugin.scheme.replace(/:$/, '').toLowerCase();
}

/**
 * Read a `TASKS` map from JSON text (or pass an object through), checking it is an object.
 *
 * @example
 * ```ts
 * parseTaskMap('{"proj.add": "task://proj.add"}'); // { 'proj.add': 'task://proj.add' }
 * ```
 */
export function parseTaskMap(input: string | Record<string, unknown>): Record<string, unknown> {
  return parseJsonObject(input, 'TASKS', 'task names to URLs');
}

/**
 * `executor` with the route URL's secrets masked in everything it answers, thrown errors
 * included: whatever the plugin, an echo of its credentials never reaches the store or the logs.
 */
function withSecretsMasked(executor: Executor, secrets: RouteSecrets): Executor {
  if (secrets.values.length === 0 && secrets.usernames.length === 0) return executor;
  return {
    async execute(call, context) {
      let result: ExecutionResult;
      try {
        result = await executor.execute(call, context);
      } catch (error) {
        result = failureFromError(error, call);
      }
      return scrubSecrets(result, secrets);
    },
  };
}

/**
 * Parse and validate a `TASKS` map (JSON text or object) against the available plugins.
 * Throws {@link ConfigError} naming the task for bad JSON, a non-string or non-URL value, or a
 * scheme no plugin handles.
 *
 * @example
 * ```ts
 * parseRoutes({ 'proj.add': 'task://proj.add', '*': 'https://fallback.example.com/run' }, plugins);
 * ```
 */
export function parseRoutes(
  input: string | Record<string, unknown>,
  plugins: readonly ExecutorPlugin[],
): RouteTable {
  const byScheme = new Map<string, ExecutorPlugin>();
  for (const plugin of plugins) {
    const scheme = schemeOf(plugin);
    if (byScheme.has(scheme)) throw new ConfigError(`two executor plugins register the scheme ${scheme}://`);
    byScheme.set(scheme, plugin);
  }
  const routes = new Map<string, Route>();
  for (const [task, raw] of Object.entries(parseTaskMap(input))) {
    if (typeof raw !== 'string') throw new ConfigError(`TASKS[${JSON.stringify(task)}] must be a URL string`);
    const parsed = routeUrl(raw);
    if (!parsed) throw new ConfigError(`TASKS[${JSON.stringify(task)}] is not a valid URL`);
    let url: URL;
    let retryOptions: ReturnType<typeof splitRetryOptions>['options'];
    try {
      ({ url, options: retryOptions } = splitRetryOptions(parsed));
    } catch (error) {
      throw new ConfigError(`TASKS[${JSON.stringify(task)}]: ${(error as Error).message}`);
    }
    const scheme = url.protocol.replace(/:$/, '');
    const plugin = byScheme.get(scheme);
    if (!plugin) {
      const known = [...byScheme.keys()].map((s) => `${s}://`).join(', ');
      throw new ConfigError(
        `TASKS[${JSON.stringify(task)}]: no executor plugin for scheme ${scheme}:// (available: ${known || 'none'})`,
      );
    }
    let executor: Executor;
    try {
      executor = plugin.create(url);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(
        `TASKS[${JSON.stringify(task)}]: ${scheme}:// plugin rejected ${redactUrl(url)}: ${(error as Error).message}`,
      );
    }
    if (
      retryOptions?.autoretryFor ||
      retryOptions?.maxRetries !== undefined ||
      retryOptions?.defaultRetryDelay !== undefined
    )
      executor = withRetryOptions(executor, retryOptions);
    const rateLimit = parseRateLimit(retryOptions?.rateLimit);
    routes.set(task, {
      task,
      url: redactUrl(url),
      executor: withSecretsMasked(executor, routeSecrets(url)),
      ...(rateLimit ? { rateLimit } : {}),
    });
  }
  return {
    exact: (task) => (task === WILDCARD_ROUTE ? null : (routes.get(task) ?? null)),
    resolve: (task) => routes.get(task) ?? routes.get(WILDCARD_ROUTE) ?? null,
    tasks: [...routes.keys()],
  };
}
