/**
 * The state of one message on its way through the stages, and the outcomes a stage ends with.
 */
import type { DecodeLimits } from '../../codec/decodeLimits.js';
import { CanvasError, PermanentFailure } from '../../errors.js';
import type { Clock, InboundMessage, MessageOutcome, Publisher, ResultStore } from '../../ports.js';
import type { ResultMeta, ResultTuple, TaskMessage, TaskState, WireValue } from '../../types.js';
import { thrownText } from '../exceptionInfo.js';
import type { LogLevel, RunnerLogger } from '../logger.js';
import type { Route } from '../routes.js';
import {
  type TaskEvent,
  type TaskEventListener,
  type TaskEventSource,
  type TaskEventType,
  emitTaskEvent,
} from '../taskEvents.js';
import type { BatchContext, Deduplicate, RunnerHooks, TaskOutcomeEvent } from '../types.js';

/** Everything {@link processMessage} needs, resolved once by the runner. */
export interface MessageProcessorDeps {
  backend: ResultStore;
  publisher: Publisher | undefined;
  resolveRoute(task: string): Route | null;
  clock: Clock;
  logger: RunnerLogger;
  trackStarted: boolean;
  resultExtended: boolean;
  workerName: string;
  timeSafetyMarginMs: number;
  defaultQueue: string;
  accept: string[] | undefined;
  decodeLimits: DecodeLimits;
  hooks: RunnerHooks;
  /** The queue's `maxReceiveCount`: on the last delivery a message about to go to the
   * dead-letter queue gets a FAILURE stored, so its client does not wait forever. */
  maxReceiveCount: number | undefined;
  /** Celery-style task events (`RunnerOptions.onTaskEvent`). */
  onTaskEvent?: TaskEventListener | undefined;
  /** Which messages are checked against the store before running (see {@link Deduplicate}). */
  deduplicate: Deduplicate;
}

/** One message's progress; the stages fill it in. */
export class MessageRun {
  readonly startedAt = performance.now();
  task: TaskMessage | null = null;
  /** The task's `ignore_result` attribute (built-ins): no state is stored at all (docs/protocol.md §7.14). */
  ignoresResults = false;
  /** When the executor was called (performance.now()), for the events' `runtime`. */
  executedAt: number | null = null;
  /** Set when a meta was stored without its extended args and kwargs. */
  requestTrimmed = false;

  constructor(
    readonly deps: MessageProcessorDeps,
    readonly inbound: InboundMessage,
    readonly context: BatchContext,
  ) {}
}

/** A message's outcome with the level and fields of its log line. */
export class Outcome {
  constructor(
    readonly outcome: MessageOutcome,
    readonly level: LogLevel,
    readonly fields: Record<string, unknown> = {},
  ) {}
}

export const READY_STATES = new Set<TaskState>(['SUCCESS', 'FAILURE', 'REVOKED']);

export function ack(
  run: MessageRun,
  state: TaskState | null,
  level: LogLevel = 'info',
  fields: Record<string, unknown> = {},
): Outcome {
  const taskId = run.task?.id ?? null;
  return new Outcome({ messageId: run.inbound.messageId, action: 'ack', taskId, state }, level, fields);
}

export function redeliver(
  run: MessageRun,
  reason: string,
  fields: Record<string, unknown> = {},
  delaySeconds?: number,
): Outcome {
  const taskId = run.task?.id ?? null;
  return new Outcome(
    {
      messageId: run.inbound.messageId,
      action: 'redeliver',
      taskId,
      reason,
      ...(delaySeconds === undefined ? {} : { delaySeconds }),
    },
    delaySeconds === undefined ? 'error' : 'info',
    fields,
  );
}

/** Emit a task event; outcome events get the task's `runtime` when it ran. */
export function emit(
  run: MessageRun,
  type: TaskEventType,
  task: TaskEventSource,
  extra: Partial<TaskEvent> = {},
): void {
  const runtime = run.executedAt === null ? {} : { runtime: (performance.now() - run.executedAt) / 1000 };
  emitTaskEvent(
    run.deps,
    type,
    task,
    type === 'task-received' || type === 'task-started' ? extra : { ...runtime, ...extra },
  );
}

export function meta(
  run: MessageRun,
  task: TaskMessage,
  status: TaskState,
  result: WireValue,
  extra: Partial<ResultMeta> = {},
): ResultMeta {
  const { deps } = run;
  return {
    task_id: task.id,
    status,
    result,
    traceback: null,
    children: [],
    date_done: READY_STATES.has(status) ? deps.clock.now() : null,
    ...(task.group ? { group_id: task.group } : {}),
    ...(task.parent_id ? { parent_id: task.parent_id } : {}),
    ...(deps.resultExtended
      ? {
          request: {
            name: task.task,
            args: task.args,
            kwargs: task.kwargs,
            worker: deps.workerName,
            retries: task.retries,
            queue: task.routing_key ?? deps.defaultQueue,
          },
        }
      : {}),
    ...extra,
  };
}

export function outcomeEvent(run: MessageRun, task: TaskMessage, children: ResultTuple[]): TaskOutcomeEvent {
  return { message: task, children, backend: run.deps.backend, publisher: run.deps.publisher };
}

/**
 * Run hooks; a failure redelivers the message, except a {@link CanvasError} (a malformed
 * signature in the message) or a {@link PermanentFailure} (a step too large to publish), which
 * redelivery cannot cure: `onCanvasError` decides then.
 */
export async function runHooks<E>(
  run: MessageRun,
  hooks: Array<(event: E) => Promise<void>> | undefined,
  event: E,
  onCanvasError: (error: CanvasError | PermanentFailure) => Promise<Outcome> | Outcome,
): Promise<Outcome | null> {
  try {
    for (const hook of hooks ?? []) await hook(event);
    return null;
  } catch (error) {
    if (error instanceof CanvasError || error instanceof PermanentFailure) return onCanvasError(error);
    return redeliver(run, `runner hook failed: ${thrownText(error)}`);
  }
}

/** Run the hooks that follow a stored `state`; a canvas error then is logged and the message acked. */
export function hooksAfter<E>(
  run: MessageRun,
  state: TaskState,
  hooks: Array<(event: E) => Promise<void>> | undefined,
  event: E,
): Promise<Outcome | null> {
  return runHooks(run, hooks, event, (error) =>
    ack(run, state, 'error', { reason: `canvas step not published: ${error.message}` }),
  );
}
