/**
 * The runner: a batch of inbound messages in, one outcome per message out.
 */
import { hostname } from 'node:os';
import { builtinRoutes } from '../canvas/builtins.js';
import { canvasHooks } from '../canvas/canvasHooks.js';
import { queueResolver } from '../canvas/queueRoutes.js';
import type { CanvasDeps } from '../canvas/types.js';
import { decodeLimits } from '../codec/decodeLimits.js';
import { ConfigError } from '../errors.js';
import { type ExecutorPlugin, type InboundMessage, type MessageOutcome, systemClock } from '../ports.js';
import { DEFAULT_STORE_TIMEOUT_MS, storeWithDeadline } from '../store/storeDeadline.js';
import { TaskRegistry } from './TaskRegistry.js';
import { createSemaphore } from './createSemaphore.js';
import { httpExecutorPlugin } from './httpExecutor.js';
import { localExecutorPlugin } from './localExecutor.js';
import { createJsonLogger } from './logger.js';
import { type MessageProcessorDeps, processMessage } from './processMessage.js';
import { parseRateLimit } from './rateLimit.js';
import { type Route, parseRoutes } from './routes.js';
import type { BatchContext, RunnerHooks, RunnerOptions } from './types.js';

/**
 * Runs Celery task messages the way a Celery worker would, storing every outcome before it acks.
 *
 * @example
 * ```ts
 * const outcomes = await runner.runBatch(messages, { remainingTimeMs: () => context.getRemainingTimeInMillis() });
 * ```
 */
export interface Runner {
  /** One outcome per message, in order; never rejects. */
  runBatch(messages: InboundMessage[], context?: BatchContext): Promise<MessageOutcome[]>;
}

function mergeHooks(first: RunnerHooks, then: RunnerHooks): RunnerHooks {
  const merged: Record<string, unknown[]> = {};
  for (const hooks of [first, then]) {
    for (const [name, list] of Object.entries(hooks))
      merged[name] = [...(merged[name] ?? []), ...(list ?? [])];
  }
  return merged as RunnerHooks;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new ConfigError(`${name} must be a positive integer, got ${value}`);
  return value;
}

/**
 * Build a runner; validates routes and options eagerly (throws {@link ConfigError}).
 *
 * @example
 * ```ts
 * const runner = createRunner({
 *   backend: new MemoryResultStore(),
 *   tasks: new TaskRegistry().register(defineTask('proj.add', (_ctx, a: number, b: number) => a + b)),
 * });
 * const [outcome] = await runner.runBatch([{ messageId: 'm1', transport: 'sqs', payload: body }]);
 * ```
 */
export function createRunner(options: RunnerOptions): Runner {
  if (!options.backend) throw new ConfigError('createRunner needs a result backend');
  const concurrency = positiveInteger('concurrency', options.concurrency ?? 10);
  const margin = options.timeSafetyMarginMs ?? 2000;
  if (!Number.isFinite(margin) || margin < 0)
    throw new ConfigError(`timeSafetyMarginMs must be ≥ 0, got ${margin}`);
  const tasks = options.tasks ?? new TaskRegistry();
  const custom = options.plugins ?? [];
  const customSchemes = new Set(custom.map((p) => p.scheme.replace(/:$/, '').toLowerCase()));
  const localPlugin = localExecutorPlugin(tasks, { typeTags: options.typeTags ?? true });
  const builtIn: ExecutorPlugin[] = [
    localPlugin,
    httpExecutorPlugin('http'),
    httpExecutorPlugin('https'),
  ].filter((p) => !customSchemes.has(p.scheme));
  const routes = parseRoutes(options.routes ?? {}, [...builtIn, ...custom]);
  const local = localPlugin.create(new URL('task://'));
  const localRoutes = new Map<string, Route>(
    tasks.names().map((name) => [
      name,
      {
        task: name,
        url: `task://${name}`,
        executor: local,
        rateLimit: parseRateLimit(tasks.get(name)?.options?.rateLimit),
      },
    ]),
  );

  // Every store call the runner makes (its own writes, the canvas's, the hooks') has a deadline.
  const backend = storeWithDeadline(options.backend, options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createJsonLogger();
  const defaultQueue = options.defaultQueue ?? 'celery';
  const canvas: CanvasDeps = {
    backend,
    publisher: options.publisher,
    clock,
    logger,
    queueFor: queueResolver(options.taskRoutes ?? {}, defaultQueue),
    chordMode: options.chordMode ?? 'auto',
  };
  const userRoute = (task: string) => routes.exact(task) ?? localRoutes.get(task) ?? null;
  const builtins = builtinRoutes(canvas, (task) => userRoute(task) ?? routes.resolve(task));
  const deps: MessageProcessorDeps = {
    backend,
    publisher: options.publisher,
    // Explicit route, a registered local task of that name, a Celery built-in, then the `*` route.
    resolveRoute: (task) => userRoute(task) ?? builtins.get(task) ?? routes.resolve(task),
    clock,
    logger,
    trackStarted: options.trackStarted ?? false,
    resultExtended: options.resultExtended ?? false,
    workerName: options.workerName ?? `celery@${hostname()}`,
    timeSafetyMarginMs: margin,
    defaultQueue,
    accept: options.accept,
    decodeLimits: decodeLimits(options.decodeLimits),
    hooks: mergeHooks(canvasHooks(canvas), options.hooks ?? {}),
    maxReceiveCount: options.maxReceiveCount,
    onTaskEvent: options.onTaskEvent,
    deduplicate: options.deduplicate ?? 'redeliveries',
    revoke: options.revoke ?? 'off',
  };
  const semaphore = createSemaphore(concurrency);
  return {
    runBatch: (messages, context = {}) =>
      Promise.all(messages.map((message) => semaphore.run(() => processMessage(message, deps, context)))),
  };
}
