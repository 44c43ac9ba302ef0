/**
 * The built-in `task://` executor plugin: runs a {@link TaskRegistry} task in process.
 */
import { ConfigError } from '../errors.js';
import type { ExecutionContext, ExecutionResult, ExecutorPlugin, TaskCall } from '../ports.js';
import type { TaskRegistry } from './TaskRegistry.js';
import { celeryExceptions } from './celeryExceptions.js';
import { runTask } from './runTask.js';

/** Options of {@link localExecutorPlugin}. */
export interface LocalExecutorOptions {
  /** Write kombu 5.3+ type tags for `Date`/`Uint8Array`/... results (default true). */
  typeTags?: boolean;
}

function routedTaskName(route: URL): string {
  return decodeURIComponent(`${route.host}${route.pathname}`);
}

/**
 * Executor plugin for `task://<name>` routes (`task://` alone runs the registered task named
 * like the message's task). Unknown names are refused at construction with a {@link ConfigError}.
 *
 * @example
 * ```ts
 * const plugin = localExecutorPlugin(new TaskRegistry().register(add));
 * const executor = plugin.create(new URL('task://proj.add'));
 * ```
 */
export function localExecutorPlugin(
  registry: TaskRegistry,
  options: LocalExecutorOptions = {},
): ExecutorPlugin {
  const typeTags = options.typeTags ?? true;
  return {
    scheme: 'task',
    create(route) {
      const routed = routedTaskName(route);
      if (routed.includes('/')) {
        // The Python celery-cloud's task://<module>/<function> names Python code, which cannot run here.
        throw new ConfigError(
          `route task://${routed} names a Python function (module/function), which the TypeScript runner cannot import: define it with defineTask('<task name>', …) and route "task://<task name>", or deploy it with celery-cloud-function and route "lambda://<function>"`,
        );
      }
      if (routed && !registry.has(routed)) {
        throw new ConfigError(
          `route task://${routed}: no local task named ${JSON.stringify(routed)} is registered`,
        );
      }
      return {
        async execute(call: TaskCall, context: ExecutionContext): Promise<ExecutionResult> {
          const name = routed || call.task;
          const task = registry.get(name);
          if (!task)
            return { status: 'failure', exception: celeryExceptions.notRegistered(name), traceback: null };
          return runTask((ctx, ...args) => task.run(ctx, ...args), call, context, { typeTags });
        },
      };
    },
  };
}
