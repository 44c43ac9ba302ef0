import type {
  MessageOutcome,
  PollLoop,
  Publisher,
  RunnerLogger,
  TaskEventListener,
  TaskRegistry,
} from '@celery-cloud/core';
import type { DevOptions } from '../flags/dev.js';
import type { Provider } from '../flags/table.js';
import type { WorkerOptions } from '../flags/worker.js';
import type { ProgressPrinter } from '../run/ProgressPrinter.js';
import type { LoadedTasks } from '../run/loadTasks.js';
import type { runDemo } from '../run/runDemo.js';

/** What the handler (or runner) is built with, as `dev` and `worker` wire it: tasks, progress lines, task events. */
export interface HandlerInput {
  tasks: TaskRegistry;
  logger: RunnerLogger;
  /** The live view's listener, when `--ui` serves one. */
  onTaskEvent?: TaskEventListener;
}

/** A cloud's local stack, started by `dev`. */
export interface DevStack {
  /** The Celery queue it serves. */
  queue: string;
  /** What is waited for when stopping: `batches`, `invocations`. */
  inFlight: string;
  /** Run the function app's handler behind the local trigger; resolves to how to stop it. */
  consume(progress: ProgressPrinter, handler: HandlerInput): { stop(): Promise<void> };
  /** The Celery client settings: the `--json` line and the `--config-out` file. */
  clientConfig: object;
  /** The human-readable settings, ending with the `ready:` line. */
  describe(): string;
  /** The demo's publisher and result reader, and how to name the queue and the store. */
  demo(): Pick<Parameters<typeof runDemo>[0], 'publisher' | 'backend' | 'names'>;
  stop(): Promise<void>;
}

/** `celery-cloud dev --provider P`: start the local stack of one cloud. */
export interface DevProvider<P extends Provider> {
  start(options: DevOptions<P>, tasks: LoadedTasks, cwd: string): Promise<DevStack>;
}

/** What every provider's worker gets: its options, environment, runner input and settle hook. */
export interface ProviderPollerInput {
  options: WorkerOptions;
  /** The handler environment: the process environment with the flags applied. */
  env: Record<string, string | undefined>;
  handler: HandlerInput;
  onSettled: (outcome: MessageOutcome) => void;
}

/** A started provider poller: the loop, what it polls (for the log line), the publisher `--beat`
 * sends through, and how to free its clients. */
export interface ProviderPoller {
  loop: PollLoop;
  polling: string;
  publisher: Publisher;
  close(): void;
}

/** `celery-cloud worker --provider P`: the production poller of one cloud. */
export type WorkerProvider = (input: ProviderPollerInput) => ProviderPoller | Promise<ProviderPoller>;

/** One cloud's module: its `dev` stack and its `worker`. */
export interface CloudProvider<P extends Provider> {
  dev: DevProvider<P>;
  worker: WorkerProvider;
}

/**
 * Every cloud's module, loaded on first use so one cloud's SDKs load only when named.
 *
 * @example
 * ```ts
 * const { dev } = await PROVIDERS.azure();
 * ```
 */
export const PROVIDERS: { [P in Provider]: () => Promise<CloudProvider<P>> } = {
  aws: () => import('./aws.js'),
  azure: () => import('./azure.js'),
  gcp: () => import('./gcp.js'),
};
