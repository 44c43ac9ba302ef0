/**
 * The client: Celery's `send_task`, `apply_async` and canvas from TypeScript, over any provider's
 * publisher and result backend.
 */
import { randomUUID } from 'node:crypto';
import {
  type CanvasDeps,
  type ChordMode,
  type Clock,
  type Publisher,
  type ResultStore,
  type RunnerLogger,
  type SignatureDict,
  type TaskQueueRoutes,
  type WireValue,
  applySignature,
  formatPythonIso,
  queueResolver,
  systemClock,
  toWire,
} from '@celery-cloud/core';
import { AsyncResult } from './AsyncResult.js';
import type { GroupResult } from './GroupResult.js';
import { type ApplyOptions, type GroupSignature, type Signature, freeze, resultOf } from './signatures.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Where task messages go: a provider's publisher (SQS, Azure Storage Queue, Pub/Sub). */
  publisher: Publisher;
  /** Where results are read: a provider's result store (DynamoDB, Azure Blob, Firestore). */
  backend: ResultStore;
  /** Celery's `task_default_queue` (default `celery`). */
  defaultQueue?: string;
  /** Celery's `task_routes`: task name or glob → queue. */
  taskRoutes?: TaskQueueRoutes;
  /** How the workers complete chords: `unlock` (Celery ≤ 5.3 style, default) or `counter`. */
  chordMode?: ChordMode;
  /** Send `Date`, bytes and big integers as kombu 5.3+ type tags (default true; false for 5.2 workers). */
  typeTags?: boolean;
  clock?: Clock;
  logger?: RunnerLogger;
}

/**
 * A task declared once with its argument, keyword and result types.
 *
 * @example
 * ```ts
 * const add = client.task<[number, number], number>('proj.add');
 * const sum: number = await (await add.delay(2, 3)).get();
 * ```
 */
export interface TypedTask<Args extends unknown[], Result, Kwargs extends Record<string, unknown>> {
  readonly name: string;
  /** `task.delay(*args)`. */
  delay(...args: Args): Promise<AsyncResult<Result>>;
  /** `task.apply_async(args, kwargs, **options)`. */
  applyAsync(args: Args, kwargs?: Kwargs, options?: ApplyOptions): Promise<AsyncResult<Result>>;
  /** A signature with some leading arguments; a chain step gets the previous result first. */
  s(...args: unknown[]): Signature<Result>;
  /** An immutable signature: the previous result is not passed. */
  si(...args: Args): Signature<Result>;
}

/**
 * Sends tasks and canvas as a Python Celery client does, and reads their results.
 *
 * @example
 * ```ts
 * const result = await client.sendTask<number>('proj.add', [2, 3], {}, { countdown: 5 });
 * ```
 */
export interface CeleryClient {
  /** Celery's `send_task(name, args, kwargs, **options)`. */
  sendTask<R = unknown>(
    name: string,
    args?: unknown[],
    kwargs?: Record<string, unknown>,
    options?: ApplyOptions,
  ): Promise<AsyncResult<R>>;
  /** A signature of a task by name (`app.signature(name, args, kwargs, **options)`). */
  signature<R = unknown>(
    name: string,
    args?: unknown[],
    kwargs?: Record<string, unknown>,
    options?: ApplyOptions,
  ): Signature<R>;
  /** Send a signature: a task, chain or chord gives an `AsyncResult`, a group a `GroupResult`. */
  apply<R>(signature: GroupSignature<R>): Promise<GroupResult<R>>;
  apply<R>(signature: Signature<R>): Promise<AsyncResult<R>>;
  /** Declare a typed task. */
  task<Args extends unknown[], Result, Kwargs extends Record<string, unknown> = Record<string, unknown>>(
    name: string,
    defaults?: ApplyOptions,
  ): TypedTask<Args, Result, Kwargs>;
  /** The result of a task id sent elsewhere. */
  asyncResult<R = unknown>(id: string): AsyncResult<R>;
}

function wireOptions(options: ApplyOptions): Record<string, WireValue> {
  const out: Record<string, WireValue> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) out[key] = value instanceof Date ? formatPythonIso(value, 'aware') : value;
  }
  return out;
}

/**
 * Create a client over a provider's publisher and result store.
 *
 * @example
 * ```ts
 * const client = createClient({ publisher: createPublisher({ client: sqs, queueUrls: { celery: url } }), backend: createResultStore({ client: dynamo, table: 'celery' }) });
 * const add = client.task<[number, number], number>('proj.add');
 * await (await add.delay(2, 3)).get({ timeout: 30 }); // 5
 * ```
 */
export function createClient(options: ClientOptions): CeleryClient {
  const typeTags = options.typeTags ?? true;
  const deps: CanvasDeps = {
    backend: options.backend,
    publisher: options.publisher,
    clock: options.clock ?? systemClock,
    queueFor: queueResolver(options.taskRoutes ?? {}, options.defaultQueue ?? 'celery'),
    chordMode: options.chordMode ?? 'unlock',
    logger: options.logger ?? { log: () => {} },
  };
  const signature = <R>(
    name: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
    applyOptions: ApplyOptions = {},
  ): Signature<R> => ({
    task: name,
    args: args.map((a) => toWire(a, { typeTags })),
    kwargs: toWire(kwargs, { typeTags }) as Record<string, WireValue>,
    options: wireOptions(applyOptions),
    subtask_type: null,
    immutable: false,
  });
  const apply = async (sig: SignatureDict) => {
    const frozen = freeze(sig);
    const id = (frozen.options.task_id as string | undefined) ?? randomUUID();
    await applySignature(deps, frozen, { parentId: null, rootId: null, fallbackId: id });
    return resultOf(frozen, options.backend);
  };
  const client: CeleryClient = {
    signature,
    apply: apply as CeleryClient['apply'],
    sendTask: (name, args, kwargs, applyOptions) =>
      apply(signature(name, args, kwargs, applyOptions)) as Promise<AsyncResult<never>>,
    asyncResult: (id) => new AsyncResult(id, options.backend),
    task: <Args extends unknown[], Result, Kwargs extends Record<string, unknown>>(
      name: string,
      defaults: ApplyOptions = {},
    ): TypedTask<Args, Result, Kwargs> => ({
      name,
      delay: (...args) => client.sendTask<Result>(name, args, {}, defaults),
      applyAsync: (args, kwargs, applyOptions) =>
        client.sendTask<Result>(name, args, kwargs, { ...defaults, ...applyOptions }),
      s: (...args) => signature<Result>(name, args, {}, defaults),
      si: (...args) => ({ ...signature<Result>(name, args, {}, defaults), immutable: true }),
    }),
  };
  return client;
}
