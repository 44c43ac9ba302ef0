import type { ExecutorPlugin, Publisher, ResultStore } from '../ports.js';
import type { TaskRegistry } from './TaskRegistry.js';
import { runnerOptionsFromEnv } from './config.js';
import type { RunnerLogger } from './logger.js';
import type { TaskEventListener } from './taskEvents.js';
import type { RunnerHooks, RunnerOptions } from './types.js';

/**
 * What a deployment adds in code to what the environment configures: the second argument of
 * every provider's `handlerFromEnv`, passed on to `createRunner`.
 *
 * @example
 * ```ts
 * const echo: ExecutorPlugin = { scheme: 'echo', create: () => ({ execute: async (call) => ({ status: 'success', value: call.args }) }) };
 * export const handler = handlerFromEnv(process.env, { tasks, plugins: [echo] });
 * ```
 */
export interface HandlerOptions {
  /** Tasks run in process (`task://` routes, and each under its own name). */
  tasks?: TaskRegistry;
  /** Executor plugins for more route schemes (`TASKS`); one with the scheme of a built-in or of
   * the provider's invoker replaces it. */
  plugins?: ExecutorPlugin[];
  /** Replaces the JSON logger that `CELERY_CLOUD_LOG_LEVEL` configures. */
  logger?: RunnerLogger;
  /** Extension points around result storage (`RunnerHooks`). */
  hooks?: RunnerHooks;
  /** Celery-style task events as the runner sees them (`task-received` … `task-revoked`). */
  onTaskEvent?: TaskEventListener;
}

/**
 * The provider's invoker followed by the deployment's plugins, unless one of those serves the
 * invoker's scheme: then it replaces the invoker (the runner refuses two plugins for one scheme).
 *
 * @example
 * ```ts
 * const plugins = withInvoker(createInvoker({ client }), extra.plugins);
 * ```
 */
export function withInvoker(
  invoker: ExecutorPlugin,
  plugins: readonly ExecutorPlugin[] = [],
): ExecutorPlugin[] {
  const scheme = (p: ExecutorPlugin) => p.scheme.replace(/:$/, '').toLowerCase();
  return plugins.some((p) => scheme(p) === scheme(invoker)) ? [...plugins] : [invoker, ...plugins];
}

/**
 * The `createRunner` options a `HandlerOptions` sets, without keys for what it leaves unset.
 *
 * @example
 * ```ts
 * createRunner(runnerOptionsFromEnv(env, { backend, plugins, ...handlerRunnerOptions(extra) }));
 * ```
 */
export function handlerRunnerOptions(
  extra: HandlerOptions,
): Pick<HandlerOptions, 'tasks' | 'logger' | 'hooks' | 'onTaskEvent'> {
  return {
    ...(extra.tasks ? { tasks: extra.tasks } : {}),
    ...(extra.logger ? { logger: extra.logger } : {}),
    ...(extra.hooks ? { hooks: extra.hooks } : {}),
    ...(extra.onTaskEvent ? { onTaskEvent: extra.onTaskEvent } : {}),
  };
}

/** What each provider wires itself before the environment and the deployment add the rest. */
export interface ProviderRunnerParts {
  /** The provider's result store. */
  backend: ResultStore;
  /** The provider's publisher, when the environment configures one. */
  publisher: Publisher | undefined;
  /** The provider's executor plugin for its remote-function scheme. */
  invoker: ExecutorPlugin;
}

/**
 * The `createRunner` options of every provider's `runnerFromEnv`: the runner settings of
 * `runnerOptionsFromEnv`, the provider's store, publisher and invoker (see {@link withInvoker}),
 * and what the deployment adds in code.
 *
 * @example
 * ```ts
 * const runner = createRunner(providerRunnerOptions(env, { backend, publisher, invoker: createInvoker({}) }, extra));
 * ```
 */
export function providerRunnerOptions(
  env: Record<string, string | undefined>,
  parts: ProviderRunnerParts,
  extra: HandlerOptions = {},
): RunnerOptions {
  return runnerOptionsFromEnv(env, {
    backend: parts.backend,
    plugins: withInvoker(parts.invoker, extra.plugins),
    ...(parts.publisher ? { publisher: parts.publisher } : {}),
    ...handlerRunnerOptions(extra),
  });
}
