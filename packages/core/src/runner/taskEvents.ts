/**
 * Celery-style task events the runner emits as a message moves through its lifecycle, so a
 * live view (or a metrics exporter) can watch serverless workers the way Flower watches Celery
 * workers. Names and fields follow Celery's own events (`task-received`, `task-started`, ...).
 */
import type { Clock } from '../ports.js';
import type { ExceptionInfo, ResultTuple, TaskMessage, WireValue } from '../types.js';
import type { RunnerLogger } from './logger.js';

/** Celery's task event names, in the order a task usually meets them. */
export const TASK_EVENT_TYPES = [
  'task-received',
  'task-started',
  'task-succeeded',
  'task-failed',
  'task-retried',
  'task-revoked',
] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];

/**
 * One task event. Every event carries the whole request (Celery sends args only with
 * `task-received`), so a listener that missed earlier events still knows what ran. Values are
 * in wire form (kombu JSON: `bigint` beyond 2^53, type-tag objects as they are).
 */
export interface TaskEvent {
  type: TaskEventType;
  uuid: string;
  /** The task name; null only for an undecodable message whose headers named no task. */
  name: string | null;
  /** Seconds since the epoch, from the runner's clock (Celery's `timestamp`). */
  timestamp: number;
  /** The runner's worker name (`celery@<host>` unless configured). */
  hostname: string;
  queue: string;
  args: WireValue[];
  kwargs: Record<string, WireValue>;
  retries: number;
  eta: string | null;
  expires: string | null;
  root_id: string | null;
  parent_id: string | null;
  group_id: string | null;
  /** The chord body this task is a header member of: its task name and id when known. */
  chord: { task: string; id: string | null } | null;
  /** Ids of the results stored as this task's children (chain step, callbacks, retry). */
  children: string[];
  /** task-succeeded: the return value. */
  result?: WireValue;
  /** task-failed, task-retried (when given), task-revoked: the exception as stored. */
  exception?: ExceptionInfo;
  /** task-failed, task-retried: the traceback as stored. */
  traceback?: string | null;
  /** task-succeeded, task-failed, task-retried: seconds the task ran. */
  runtime?: number;
  /** Why the runner decided the outcome itself: `expired`, `no route`, `hard time limit`, ... */
  reason?: string;
  /** task-retried: when the retry is due (ISO 8601). */
  retry_eta?: string;
}

/** Receives task events; must be quick. A throw (or a rejected promise) is logged, never fatal. */
export type TaskEventListener = (event: TaskEvent) => void | Promise<void>;

/** What building and emitting an event needs from the runner. */
export interface TaskEventDeps {
  onTaskEvent?: TaskEventListener | undefined;
  clock: Clock;
  logger: RunnerLogger;
  workerName: string;
  defaultQueue: string;
}

/** The task fields an event is built from: a decoded message, or only what a broken one told. */
export type TaskEventSource = Partial<TaskMessage> & { id: string };

/** Flatten result tuples (`[[id, parent], children]`) into ids, group members included. */
export function resultTupleIds(tuples: readonly ResultTuple[] | null | undefined): string[] {
  const ids: string[] = [];
  for (const [[id], members] of tuples ?? []) {
    ids.push(id);
    if (members) ids.push(...resultTupleIds(members));
  }
  return ids;
}

function chordOf(task: TaskEventSource): TaskEvent['chord'] {
  if (!task.chord || typeof task.chord.task !== 'string') return null;
  const id = task.chord.options?.task_id;
  return { task: task.chord.task, id: typeof id === 'string' ? id : null };
}

/**
 * Build one event; `extra` adds the outcome fields (`result`, `exception`, `runtime`, ...).
 *
 * @example
 * ```ts
 * const event = buildTaskEvent(deps, 'task-received', message);
 * ```
 */
export function buildTaskEvent(
  deps: TaskEventDeps,
  type: TaskEventType,
  task: TaskEventSource,
  extra: Partial<TaskEvent> = {},
): TaskEvent {
  return {
    type,
    uuid: task.id,
    name: task.task ?? null,
    timestamp: deps.clock.now().getTime() / 1000,
    hostname: deps.workerName,
    queue: task.routing_key ?? deps.defaultQueue,
    args: task.args ?? [],
    kwargs: task.kwargs ?? {},
    retries: task.retries ?? 0,
    eta: task.eta ?? null,
    expires: task.expires ?? null,
    root_id: task.root_id ?? null,
    parent_id: task.parent_id ?? null,
    group_id: task.group ?? null,
    chord: chordOf(task),
    children: [],
    ...extra,
  };
}

/**
 * Build an event and hand it to `deps.onTaskEvent`, if any. Never throws: a listener's error is
 * logged at `warn` level and the runner carries on.
 *
 * @example
 * ```ts
 * emitTaskEvent(deps, 'task-succeeded', message, { result: 5, runtime: 0.003 });
 * ```
 */
export function emitTaskEvent(
  deps: TaskEventDeps,
  type: TaskEventType,
  task: TaskEventSource,
  extra: Partial<TaskEvent> = {},
): void {
  const listener = deps.onTaskEvent;
  if (!listener) return;
  const failed = (error: unknown) => {
    try {
      deps.logger.log('warn', 'task event listener failed', {
        taskId: task.id,
        event: type,
        error: error instanceof Error ? error.message : String(error),
      });
    } catch {
      // A logger that throws too: nothing more to do, the runner must go on.
    }
  };
  try {
    const returned = listener(buildTaskEvent(deps, type, task, extra));
    if (returned && typeof (returned as Promise<void>).then === 'function')
      (returned as Promise<void>).then(undefined, failed);
  } catch (error) {
    failed(error);
  }
}
