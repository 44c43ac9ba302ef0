import type { ExceptionInfo, TaskEvent, TaskEventType } from '@celery-cloud/core';

/** The states the live view shows; RECEIVED is the state of a task seen but not started. */
export type LiveState = 'RECEIVED' | 'STARTED' | 'RETRY' | 'SUCCESS' | 'FAILURE' | 'REVOKED';

const STATE_OF: Record<TaskEventType, LiveState> = {
  'task-received': 'RECEIVED',
  'task-started': 'STARTED',
  'task-retried': 'RETRY',
  'task-succeeded': 'SUCCESS',
  'task-failed': 'FAILURE',
  'task-revoked': 'REVOKED',
};

// Within one attempt a state never goes back: a duplicate delivery's task-received after
// SUCCESS stays in the history without changing the state.
const RANK: Record<LiveState, number> = {
  RECEIVED: 0,
  STARTED: 1,
  RETRY: 2,
  SUCCESS: 3,
  FAILURE: 3,
  REVOKED: 3,
};

/** One step of a task's history. */
export interface HistoryEntry {
  state: LiveState;
  /** Seconds since the epoch. */
  timestamp: number;
  retries: number;
  hostname: string;
  reason?: string;
}

/** The fields of a task's events the live view keeps as the latest event told them. */
type EventFields =
  | 'uuid'
  | 'name'
  | 'queue'
  | 'hostname'
  | 'args'
  | 'kwargs'
  | 'retries'
  | 'eta'
  | 'expires'
  | 'root_id'
  | 'parent_id'
  | 'group_id'
  | 'chord'
  | 'children'
  | 'result';

/** What the live view knows of one task, built from its events. */
export interface TaskView extends Pick<TaskEvent, EventFields> {
  state: LiveState;
  history: HistoryEntry[];
  exception?: ExceptionInfo | null;
  traceback?: string | null;
  reason?: string | null;
  retry_eta?: string | null;
  /** First seen, last started, last finished (seconds since the epoch). */
  received: number;
  started: number | null;
  finished: number | null;
  /** Seconds the last attempt ran. */
  runtime: number | null;
  /** Bumped on every update, so a page can tell newer from older. */
  version: number;
}

/** Tasks finished in one interval of the chart. */
export interface SeriesBucket {
  /** Start of the interval, seconds since the epoch. */
  t: number;
  succeeded: number;
  failed: number;
  retried: number;
  revoked: number;
  runtimeSum: number;
  runtimeCount: number;
  runtimeMax: number;
}

/** Events counted since the view started, evicted tasks included. */
export type Totals = Record<'received' | 'started' | 'succeeded' | 'failed' | 'retried' | 'revoked', number>;

/** What a page receives on connect. */
export interface Snapshot {
  tasks: TaskView[];
  series: SeriesBucket[];
  totals: Totals;
  maxTasks: number;
  bucketSeconds: number;
}

/** What a page receives for each event. */
export interface Update {
  type: TaskEventType;
  task: TaskView;
  bucket: SeriesBucket | null;
  totals: Totals;
}

const MAX_HISTORY = 100;

// A retry is published with the task's own id as parent_id: that is not a workflow link.
const ownParent = (event: TaskEvent) => (event.parent_id === event.uuid ? null : event.parent_id);

/**
 * The live view's memory: the last `maxTasks` tasks updated (older ones are forgotten), counts
 * since start and a per-interval series of finished tasks and their runtimes.
 *
 * @example
 * ```ts
 * const store = new TaskStore({ maxTasks: 1000 });
 * const update = store.apply(event);
 * ```
 */
export class TaskStore {
  readonly maxTasks: number;
  readonly bucketSeconds: number;
  readonly maxBuckets: number;
  readonly #tasks = new Map<string, TaskView>();
  readonly #buckets = new Map<number, SeriesBucket>();
  readonly #totals: Totals = { received: 0, started: 0, succeeded: 0, failed: 0, retried: 0, revoked: 0 };
  #version = 0;

  constructor(options: { maxTasks?: number; bucketSeconds?: number; maxBuckets?: number } = {}) {
    this.maxTasks = options.maxTasks ?? 1000;
    this.bucketSeconds = options.bucketSeconds ?? 1;
    this.maxBuckets = options.maxBuckets ?? 600;
  }

  /** Record one event; returns what changed. */
  apply(event: TaskEvent): Update {
    const state = STATE_OF[event.type];
    const previous = this.#tasks.get(event.uuid);
    const task: TaskView = previous ?? {
      uuid: event.uuid,
      name: event.name,
      state,
      history: [],
      queue: event.queue,
      hostname: event.hostname,
      args: event.args,
      kwargs: event.kwargs,
      retries: event.retries,
      eta: event.eta,
      expires: event.expires,
      root_id: event.root_id,
      parent_id: ownParent(event),
      group_id: event.group_id,
      chord: event.chord,
      children: [],
      received: event.timestamp,
      started: null,
      finished: null,
      runtime: null,
      version: 0,
    };
    const entry: HistoryEntry = {
      state,
      timestamp: event.timestamp,
      retries: event.retries,
      hostname: event.hostname,
      ...(event.reason ? { reason: event.reason } : {}),
    };
    task.history.push(entry);
    if (task.history.length > MAX_HISTORY) task.history.splice(0, task.history.length - MAX_HISTORY);
    const newer =
      event.retries > task.retries ||
      (event.retries === task.retries && RANK[state] >= RANK[task.state]) ||
      previous === undefined;
    if (newer) this.#advance(task, event, state);
    for (const id of event.children) if (!task.children.includes(id)) task.children.push(id);
    this.#version += 1;
    task.version = this.#version;
    // Most recently updated last: the first entry is the one to forget.
    this.#tasks.delete(task.uuid);
    this.#tasks.set(task.uuid, task);
    while (this.#tasks.size > this.maxTasks) {
      const oldest = this.#tasks.keys().next().value as string;
      this.#tasks.delete(oldest);
    }
    this.#count(event.type);
    return { type: event.type, task, bucket: this.#bucket(event), totals: { ...this.#totals } };
  }

  #advance(task: TaskView, event: TaskEvent, state: LiveState): void {
    task.state = state;
    task.retries = event.retries;
    task.name = event.name ?? task.name;
    task.queue = event.queue;
    task.hostname = event.hostname;
    task.args = event.args;
    task.kwargs = event.kwargs;
    task.eta = event.eta;
    task.expires = event.expires;
    task.root_id = event.root_id ?? task.root_id;
    task.parent_id = ownParent(event) ?? task.parent_id;
    task.group_id = event.group_id ?? task.group_id;
    task.chord = event.chord ?? task.chord;
    if (state === 'STARTED') task.started = event.timestamp;
    if (state === 'RECEIVED' || state === 'STARTED') return;
    task.finished = event.timestamp;
    task.runtime = event.runtime ?? null;
    task.reason = event.reason ?? null;
    task.retry_eta = event.retry_eta ?? null;
    task.exception = event.exception ?? null;
    task.traceback = event.traceback ?? null;
    if (state === 'SUCCESS') task.result = event.result ?? null;
    else task.result = undefined;
  }

  #count(type: TaskEventType): void {
    const key = type.slice('task-'.length) as keyof Totals;
    this.#totals[key] += 1;
  }

  #bucket(event: TaskEvent): SeriesBucket | null {
    if (event.type === 'task-received' || event.type === 'task-started') return null;
    const t = Math.floor(event.timestamp / this.bucketSeconds) * this.bucketSeconds;
    let bucket = this.#buckets.get(t);
    if (!bucket) {
      bucket = {
        t,
        succeeded: 0,
        failed: 0,
        retried: 0,
        revoked: 0,
        runtimeSum: 0,
        runtimeCount: 0,
        runtimeMax: 0,
      };
      this.#buckets.set(t, bucket);
      const oldest = t - this.maxBuckets * this.bucketSeconds;
      for (const key of this.#buckets.keys()) if (key <= oldest) this.#buckets.delete(key);
    }
    const key = event.type.slice('task-'.length) as 'succeeded' | 'failed' | 'retried' | 'revoked';
    bucket[key] += 1;
    if (typeof event.runtime === 'number') {
      bucket.runtimeSum += event.runtime;
      bucket.runtimeCount += 1;
      bucket.runtimeMax = Math.max(bucket.runtimeMax, event.runtime);
    }
    return { ...bucket };
  }

  /** Everything a page needs to draw itself, oldest task first. */
  snapshot(): Snapshot {
    return {
      tasks: [...this.#tasks.values()],
      series: [...this.#buckets.values()].sort((a, b) => a.t - b.t),
      totals: { ...this.#totals },
      maxTasks: this.maxTasks,
      bucketSeconds: this.bucketSeconds,
    };
  }
}
