/**
 * Running tasks on HTTP-triggered Azure Functions: `azurefunction://<app>/<function>` routes.
 */
import {
  ConfigError,
  type Executor,
  type ExecutorPlugin,
  type RemoteCallPolicy,
  createHttpExecutor,
  createRemoteCaller,
} from '@celery-cloud/core';

/** Options of the Azure Functions invoker. */
export interface FunctionInvokerOptions {
  /** Function keys by `<app>/<function>` or `<app>` (the app's host key); from configuration only. */
  keys?: Record<string, string>;
  /** Base URL instead of `https://<app>.azurewebsites.net` (local hosts and tests): `<base>/api/<function>`. */
  baseUrl?: (app: string) => string;
  /** Largest answer accepted, in bytes (default 10 MiB). */
  maxResponseBytes?: number;
  /** Retries and circuit breaker for every route; a route's `#fragment` overrides them. */
  policy?: Partial<RemoteCallPolicy>;
}

/**
 * Executor plugin for `azurefunction://<app>/<function>` routes: POSTs the task to
 * `https://<app>.azurewebsites.net/api/<function>` with its function key in `x-functions-key`,
 * speaking the executor protocol (docs/executor-protocol.md) with the HTTP executor's retries,
 * circuit breaker (one per function), limits and secret masking.
 * A route without a configured key is refused at start-up with a {@link ConfigError}.
 *
 * @example
 * ```ts
 * const plugin = createInvoker({ keys: JSON.parse(process.env.CELERY_CLOUD_AZURE_FUNCTION_KEYS ?? '{}') });
 * createRunner({ backend, plugins: [plugin], routes: { 'reports.build': 'azurefunction://reports-app/build#attempts=5' } });
 * ```
 */
export function createInvoker(options: FunctionInvokerOptions = {}): ExecutorPlugin {
  const caller = createRemoteCaller();
  return {
    scheme: 'azurefunction',
    create(route: URL): Executor {
      const app = route.hostname;
      const fn = decodeURIComponent(route.pathname.replace(/^\//, ''));
      if (!app || !fn || fn.includes('/')) {
        throw new ConfigError(
          'azurefunction:// routes name an app and a function: azurefunction://<app>/<function>',
        );
      }
      const key = options.keys?.[`${app}/${fn}`] ?? options.keys?.[app];
      if (!key) throw new ConfigError(`no function key configured for azurefunction://${app}/${fn}`);
      const base = options.baseUrl?.(app) ?? `https://${app}.azurewebsites.net`;
      return createHttpExecutor(new URL(`${base}/api/${encodeURIComponent(fn)}${route.hash}`), {
        headers: { 'x-functions-key': key },
        caller,
        ...(options.policy ? { policy: options.policy } : {}),
        ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
      });
    },
  };
}
