import type { Runner } from './runner/createRunner.js';
/**
 * The ports the runner talks through. Provider packages implement them; core never imports a
 * cloud SDK. Each port is small on purpose: an adapter is a translation, nothing more.
 */
import type {
  ExceptionInfo,
  KombuEnvelope,
  RawPayload,
  ResultMeta,
  TransportName,
  WireValue,
} from './types.js';

/**
 * Where task states and results live (DynamoDB, Azure Blob, Firestore, memory).
 * Implementations serialize {@link ResultMeta} with core's `encodeResultMeta` so the Python
 * client reads the exact bytes a Celery worker would write.
 *
 * @example
 * ```ts
 * const backend: ResultStore = new MemoryResultStore();
 * await backend.set({ task_id: 'abc', status: 'SUCCESS', result: 5, traceback: null, children: [], date_done: new Date() });
 * ```
 */
export interface ResultStore {
  /** The stored meta of a task, or null when nothing is stored (PENDING). */
  get(taskId: string): Promise<ResultMeta | null>;
  /**
   * Store a task meta. Must never replace a stored SUCCESS (docs/protocol.md §6.1, "overwrite rule");
   * returns false when the write was skipped for that reason.
   */
  set(meta: ResultMeta): Promise<boolean>;
  /** Read a group record `celery-taskset-meta-<id>` (its result-tuple list), or null. */
  getGroup(groupId: string): Promise<unknown[] | null>;
  /** Write a group record `celery-taskset-meta-<id>`. */
  saveGroup(groupId: string, result: unknown): Promise<void>;
  /** Delete a group record. */
  deleteGroup(groupId: string): Promise<void>;
  /** Atomically add one to the chord counter of a group and return the new value. */
  incrChordCounter(groupId: string): Promise<number>;
  /** Delete the chord counter of a group. */
  deleteChordCounter(groupId: string): Promise<void>;
  /** Delete a task's meta (`AsyncResult.forget()`); stores that cannot delete leave it out. */
  forget?(taskId: string): Promise<void>;
}

/**
 * Sends an encoded task message to a queue: retries, deferred eta/countdown, callbacks, chains.
 *
 * @example
 * ```ts
 * await publisher.publish(envelope, { queue: 'celery', delaySeconds: 30 });
 * ```
 */
export interface Publisher {
  /** Largest delay the transport can apply natively; longer waits are re-delayed until due. 0 (no
   * native delay, Pub/Sub): a message not yet due is handed back to the queue instead. */
  readonly maxDelaySeconds: number;
  publish(envelope: KombuEnvelope, options: { queue: string; delaySeconds?: number }): Promise<void>;
}

/**
 * Time source, injectable so tests control `eta`, `expires` and `date_done`.
 *
 * @example
 * ```ts
 * const fixed: Clock = { now: () => new Date('2025-06-01T12:00:00.250Z') };
 * ```
 */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * One message handed to the runner by a trigger.
 *
 * @example
 * ```ts
 * const m: InboundMessage = { messageId: record.messageId, transport: 'sqs', payload: record.body, receiveCount: 1 };
 * ```
 */
export interface InboundMessage {
  /** The provider's id for this delivery, echoed back in the outcome. */
  messageId: string;
  transport: TransportName;
  payload: RawPayload;
  /** How many times the provider has delivered this message (1 on first delivery). */
  receiveCount?: number;
}

/**
 * What the trigger must do with a message once the runner is done: `ack` (delete / complete),
 * or `redeliver` (report as failed so the provider delivers it again).
 *
 * @example
 * ```ts
 * const failed = outcomes.filter((o) => o.action === 'redeliver').map((o) => ({ itemIdentifier: o.messageId }));
 * ```
 */
export type MessageOutcome =
  | { messageId: string; action: 'ack'; taskId: string | null; state: string | null }
  | {
      messageId: string;
      action: 'redeliver';
      taskId: string | null;
      reason: string;
      /** Seconds until the message is due (an eta not reached): a trigger that can keep the
       * message hidden that long (SQS visibility, Azure `updateMessage`) should, instead of
       * letting it come straight back. */
      delaySeconds?: number;
    };

/**
 * What every trigger (SQS, Storage Queue, Service Bus, Pub/Sub) takes: the runner it hands each
 * delivery to. Provider triggers extend it with their own settings.
 *
 * @example
 * ```ts
 * const options: TriggerOptions = { runner: createRunner({ backend, tasks }) };
 * ```
 */
export interface TriggerOptions {
  runner: Pick<Runner, 'runBatch'>;
}

/**
 * A trigger: the handler a provider calls with its event, which turns the event into
 * {@link InboundMessage}s, runs them, and answers with what the provider needs to redeliver.
 *
 * @example
 * ```ts
 * const handler: Trigger<[SQSEvent], SQSBatchResponse> = createTrigger({ runner });
 * ```
 */
export type Trigger<Event extends unknown[], Answer = void> = (...event: Event) => Promise<Answer>;

/**
 * The task as an executor sees it: wire-form values, so a remote function receives exactly
 * what the Python client sent.
 *
 * @example
 * ```ts
 * const call: TaskCall = { id: 'abc', task: 'proj.add', args: [2, 3], kwargs: {}, retries: 0, eta: null,
 *   expires: null, root_id: 'abc', parent_id: null, group: null };
 * ```
 */
export interface TaskCall {
  id: string;
  task: string;
  args: WireValue[];
  kwargs: Record<string, WireValue>;
  retries: number;
  eta: string | null;
  expires: string | null;
  root_id: string | null;
  parent_id: string | null;
  group: string | null;
}

/**
 * Limits an executor runs under. `signal` aborts at the hard limit, `softSignal` at the soft one.
 */
export interface ExecutionContext {
  signal: AbortSignal;
  softSignal: AbortSignal;
  /** Milliseconds left before the hard limit. */
  remainingTimeMs(): number;
}

/**
 * How one execution ended. `retry` asks the runner to republish the task as Celery's
 * `self.retry()` does.
 *
 * @example
 * ```ts
 * const r: ExecutionResult = { status: 'failure', exception: { exc_type: 'ValueError', exc_message: ['x'], exc_module: 'builtins' }, traceback: null };
 * ```
 */
export type ExecutionResult =
  | { status: 'success'; value: WireValue }
  | { status: 'failure'; exception: ExceptionInfo; traceback: string | null }
  | {
      status: 'retry';
      /** Seconds from now; defaults to Celery's `default_retry_delay` (180). */
      countdown?: number;
      /** Absolute time (ISO 8601) instead of a countdown. */
      eta?: string;
      /** The exception to store with RETRY, and to raise once retries are exhausted. */
      exception?: ExceptionInfo | null;
      /** Celery's `max_retries` (default 3; null = unlimited). */
      maxRetries?: number | null;
    };

/**
 * Runs one task: in process, over HTTP, or in a remote function.
 *
 * @example
 * ```ts
 * const echo: Executor = { execute: async (call) => ({ status: 'success', value: call.args }) };
 * ```
 */
export interface Executor {
  execute(call: TaskCall, context: ExecutionContext): Promise<ExecutionResult>;
}

/**
 * An executor plugin: a URL scheme and a factory that validates its options at construction
 * and builds an {@link Executor} for one route URL of `TASKS`.
 *
 * @example
 * ```ts
 * const plugin: ExecutorPlugin = { scheme: 'echo', create: () => ({ execute: async (c) => ({ status: 'success', value: c.args }) }) };
 * ```
 */
export interface ExecutorPlugin {
  scheme: string;
  create(route: URL): Executor;
}
