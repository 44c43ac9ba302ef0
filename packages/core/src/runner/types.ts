/**
 * Options and extension hooks of the runner.
 */
import type { TaskQueueRoutes } from '../canvas/queueRoutes.js';
import type { ChordMode } from '../canvas/types.js';
import type { DecodeLimits } from '../codec/decodeLimits.js';
import type { Clock, ExecutorPlugin, Publisher, ResultStore } from '../ports.js';
import type { ExceptionInfo, ResultTuple, TaskMessage, WireValue } from '../types.js';
import type { TaskRegistry } from './TaskRegistry.js';
import type { RunnerLogger } from './logger.js';
import type { RevokeMode } from './revoke.js';
import type { TaskEventListener } from './taskEvents.js';

/** What every hook receives. Hooks that publish follow-up messages append their result
 * tuples to `children` so the stored meta lists them (docs/protocol.md §6.1, 7.8). */
export interface TaskOutcomeEvent {
  message: TaskMessage;
  children: ResultTuple[];
  backend: ResultStore;
  publisher: Publisher | undefined;
}

/**
 * Extension points around result storage, called in Celery's order (docs/protocol.md §7.1 steps 8-9); the
 * runner's own canvas support (callbacks, chains, chords) runs first. A hook that throws makes the
 * message `redeliver`.
 *
 * @example
 * ```ts
 * const hooks: RunnerHooks = { afterFailureStored: [async ({ message, exception }) => console.log(message.id, exception.exc_type)] };
 * ```
 */
export interface RunnerHooks {
  /** After the task returned, before SUCCESS is stored (publish callbacks / next chain step). */
  beforeSuccessStored?: Array<(event: TaskOutcomeEvent & { value: WireValue }) => Promise<void>>;
  /** After SUCCESS is stored (or skipped for `ignore_result`): chord counting. */
  afterSuccessStored?: Array<(event: TaskOutcomeEvent & { value: WireValue }) => Promise<void>>;
  /** After FAILURE is stored (task error or time limit): chain poisoning, chord counting, errbacks. */
  afterFailureStored?: Array<
    (event: TaskOutcomeEvent & { exception: ExceptionInfo; traceback: string | null }) => Promise<void>
  >;
  /** After REVOKED is stored for an expired task: chord counting. */
  afterRevokedStored?: Array<(event: TaskOutcomeEvent & { exception: ExceptionInfo }) => Promise<void>>;
  /** A redelivery whose outcome (`state`) is stored already, acked unrun: finish what its first
   * delivery may have left undone (a counter chord's body whose publishing failed). */
  afterDuplicate?: Array<(event: TaskOutcomeEvent & { state: string }) => Promise<void>>;
}

/**
 * Options of {@link createRunner}. See docs/runner.md for the environment variables that set them.
 *
 * @example
 * ```ts
 * const options: RunnerOptions = { backend: new MemoryResultStore(), routes: { 'proj.add': 'task://proj.add' }, tasks };
 * ```
 */
export interface RunnerOptions {
  backend: ResultStore;
  /** Needed for eta deferral and retries; without it those messages are redelivered. */
  publisher?: Publisher;
  /** The `TASKS` map: task name → route URL, as JSON text or an object. */
  routes?: string | Record<string, unknown>;
  /** Local tasks; each is also routed under its own name unless `routes` names it. */
  tasks?: TaskRegistry;
  /** Extra executor plugins; one with a built-in scheme (`task`, `http`, `https`) replaces it. */
  plugins?: ExecutorPlugin[];
  /** Messages of one batch run at once (default 10). */
  concurrency?: number;
  /** Store STARTED before running (Celery `task_track_started`, default false). */
  trackStarted?: boolean;
  /** Add name/args/kwargs/worker/retries/queue to metas (Celery `result_extended`, default false). */
  resultExtended?: boolean;
  /** Worker nodename for STARTED and `result_extended` (default `celery@<hostname>`). */
  workerName?: string;
  clock?: Clock;
  logger?: RunnerLogger;
  /** Deadline on each result-store call, in ms (default 30000, `CELERY_CLOUD_STORE_TIMEOUT` in
   * seconds): a call that does not answer in time fails with `StoreTimeout` and the message is
   * handed back, as for any store failure (docs/runner.md, "Store deadline"). */
  storeTimeoutMs?: number;
  /** Stop this long before the function's own deadline to store TimeLimitExceeded (default 2000). */
  timeSafetyMarginMs?: number;
  /** The queue's `maxReceiveCount` (SQS redrive policy, Azure `maxDequeueCount`): a message that
   * must be redelivered on its last delivery gets a FAILURE `DeadLetteredError` stored first. */
  maxReceiveCount?: number;
  /** Queue used when a message names none (Celery `task_default_queue`, default `celery`). */
  defaultQueue?: string;
  /** Write kombu 5.3+ type tags in local task results (default true; false for 5.2 clients). */
  typeTags?: boolean;
  /** Accepted content types (Celery `accept_content`); the codec's default when absent. */
  accept?: string[];
  /** Which messages are checked against the store before running (default `redeliveries`). */
  deduplicate?: Deduplicate;
  /** The structural budget of a message body (docs/security.md); the codec's defaults when absent. */
  decodeLimits?: Partial<DecodeLimits>;
  hooks?: RunnerHooks;
  /** `check`: read each message's task id before running it and end a revoked one REVOKED, at one
   * store read per message (`CELERY_CLOUD_REVOKE=check`; default `off`; docs/runner.md, "Revoke"). */
  revoke?: RevokeMode;
  /** How chords complete; match the client's Celery version and backend (default `unlock`, docs/protocol.md §7.11). */
  chordMode?: ChordMode;
  /** Celery's `task_routes` (task name or glob → queue) for the messages the runner publishes. */
  taskRoutes?: TaskQueueRoutes;
  /** Celery-style task events (`task-received` ... `task-revoked`) for live views; a listener
   * that throws is logged, never fatal (docs/runner.md, "Task events"). */
  onTaskEvent?: TaskEventListener;
}

/**
 * Which messages the runner checks against the store before running them. `redeliveries`
 * (default, as a Celery worker behaves): redeliveries and messages a worker published (retries,
 * chain steps, callbacks); a fresh message reusing the id of a finished task runs again (its
 * stored SUCCESS is kept). `always`: every message, so a task id that already finished never
 * runs again, at one store read per message.
 */
export type Deduplicate = 'redeliveries' | 'always';

/** Per-invocation context a trigger passes: the platform's remaining time. */
export interface BatchContext {
  remainingTimeMs?: () => number;
}
