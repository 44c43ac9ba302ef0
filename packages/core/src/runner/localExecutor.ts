/**
 * The built-in `task://` executor plugin: runs a {@link TaskRegistry} task in process.
 */
import { fromWire, toWire } from '../codec/index.js';
import { ConfigError, EncodeError } from '../errors.js';
import type { ExecutionContext, ExecutionResult, ExecutorPlugin, TaskCall } from '../ports.js';
import type { TaskRegistry } from './TaskRegistry.js';
import { celeryExceptions } from './celeryExceptions.js';
import type { TaskContext } from './defineTask.js';
import { RetryRequest } from './errors.js';
import { exceptionInfoFromError, pythonTraceback } from './exceptionInfo.js';

/** Options of {@link localExecutorPlugin}. */
export interface LocalExecutorOptions {
  /** Write kombu 5.3+ type tags for `Date`/`Uint8Array`/... results (default true). */
  typeTags?: boolean;
}

function routedTaskName(route: URL): string {
  return decodeURIComponent(`${route.host}${route.pathname}`);
}

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
            retry: (retryOptions) => {
              throw new RetryRequest(retryOptions);
            },
          };
          try {
            const value = await task.run(ctx, ...(fromWire(call.args) as unknown[]));
            return { status: 'success', value: toWire(value, { typeTags }) };
          } catch (error) {
            return error instanceof RetryRequest ? retry(error) : failure(error, call);
          }
        },
      };
    },
  };
}
