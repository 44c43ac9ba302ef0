import type { DecodeLimits } from '../codec/decodeLimits.js';
/**
 * One delivered message through Celery's worker lifecycle (docs/protocol.md §7.1-7.7, 7.14), adapted to
 * serverless triggers: store first, then ack (acks_late semantics, docs/protocol.md §7.3).
 */
import { decodeMessage, parseCeleryDate } from '../codec/index.js';
import {
  CanvasError,
  ContentTypeRefusedError,
  DecodeError,
  InvalidRetry,
  PermanentFailure,
} from '../errors.js';
import type {
  Clock,
  ExecutionResult,
  InboundMessage,
  MessageOutcome,
  Publisher,
  ResultStore,
  TaskCall,
} from '../ports.js';
import type { ExceptionInfo, ResultMeta, ResultTuple, TaskMessage, TaskState, WireValue } from '../types.js';
import { celeryExceptions } from './celeryExceptions.js';
import { exceptionInfoFromError, pythonTraceback, thrownText } from './exceptionInfo.js';
import { executeWithLimits } from './executeWithLimits.js';
import type { LogLevel, RunnerLogger } from './logger.js';
import { permanentException, withoutRequestArgs } from './permanentException.js';
import { delaySecondsUntil, republishEnvelope } from './republish.js';
import type { Route } from './routes.js';
import {
  type TaskEvent,
  type TaskEventListener,
  type TaskEventSource,
  type TaskEventType,
  emitTaskEvent,
  resultTupleIds,
} from './taskEvents.js';
import type { BatchContext, Deduplicate, RunnerHooks, TaskOutcomeEvent } from './types.js';

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

const READY_STATES = new Set<TaskState>(['SUCCESS', 'FAILURE', 'REVOKED']);
const DEFAULT_RETRY_DELAY_SECONDS = 180;
const DEFAULT_MAX_RETRIES = 3;
/** Python's `datetime` ends with year 9999: a later eta is a date no client can read. */
const LATEST_ETA_MS = Date.UTC(9999, 11, 31, 23, 59, 59);
/** A stored reason is cut to this many characters, so a FAILURE written in its place always fits. */
const MAX_REASON_CHARS = 1000;

class Outcome {
  constructor(
    readonly outcome: MessageOutcome,
    readonly level: LogLevel,
    readonly fields: Record<string, unknown> = {},
  ) {}
}

function shortReason(reason: string): string {
  return reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason;
}

function softLimitTraceback(traceback: string | null): string {
  const frames = (traceback ?? 'Traceback (most recent call last):\n')
    .split('\n')
    .filter((line) => line !== '');
  const kept = frames.length > 1 ? frames.slice(0, -1) : frames;
  return `${kept.join('\n')}\nbilliard.exceptions.SoftTimeLimitExceeded: SoftTimeLimitExceeded()\n`;
}

function retryTraceback(task: string, seconds: number | string): string {
  return `Traceback (most recent call last):\n  File "${task}", line 1, in ${task}\ncelery.exceptions.Retry: Retry in ${seconds}\n`;
}

/**
 * When a retry is due; throws {@link InvalidRetry} for a request no redelivery can make valid: a
 * countdown that is not a finite number, an eta that is not a date or past year 9999, or
 * `max_retries` that is not a non-negative integer.
 */
function retryEta(
  request: Extract<ExecutionResult, { status: 'retry' }>,
  now: Date,
  maxRetries: number | null,
): Date {
  if (maxRetries !== null && !(Number.isSafeInteger(maxRetries) && maxRetries >= 0))
    throw new InvalidRetry(`max_retries must be a non-negative integer or None, got ${maxRetries}`);
  let eta: Date;
  if (request.eta) {
    try {
      eta = parseCeleryDate(request.eta);
    } catch (error) {
      throw new InvalidRetry(`eta is not a date: ${thrownText(error)}`);
    }
  } else {
    const countdown = request.countdown ?? DEFAULT_RETRY_DELAY_SECONDS;
    if (typeof countdown !== 'number' || !Number.isFinite(countdown))
      throw new InvalidRetry(`countdown must be a finite number of seconds, got ${countdown}`);
    eta = new Date(now.getTime() + countdown * 1000);
  }
  if (!Number.isFinite(eta.getTime()) || eta.getTime() > LATEST_ETA_MS)
    throw new InvalidRetry(
      `the retry would be due after year 9999 (${request.eta ?? `${request.countdown} s`})`,
    );
  return eta;
}

/** Handles one message; created per message so its fields hold the message's progress. */
class MessageRun {
  readonly #started = performance.now();
  task: TaskMessage | null = null;
  /** The task's `ignore_result` attribute (built-ins): no state is stored at all (docs/protocol.md §7.14). */
  ignoresResults = false;
  /** When the executor was called (performance.now()), for the events' `runtime`. */
  executedAt: number | null = null;

  constructor(
    readonly deps: MessageProcessorDeps,
    readonly inbound: InboundMessage,
    readonly context: BatchContext,
  ) {}

  ack(state: TaskState | null, level: LogLevel = 'info', fields: Record<string, unknown> = {}): Outcome {
    const taskId = this.task?.id ?? null;
    return new Outcome({ messageId: this.inbound.messageId, action: 'ack', taskId, state }, level, fields);
  }

  /** Emit a task event; outcome events get the task's `runtime` when it ran. */
  emit(type: TaskEventType, task: TaskEventSource, extra: Partial<TaskEvent> = {}): void {
    const runtime = this.executedAt === null ? {} : { runtime: (performance.now() - this.executedAt) / 1000 };
    emitTaskEvent(
      this.deps,
      type,
      task,
      type === 'task-received' || type === 'task-started' ? extra : { ...runtime, ...extra },
    );
  }

  redeliver(reason: string, fields: Record<string, unknown> = {}, delaySeconds?: number): Outcome {
    const taskId = this.task?.id ?? null;
    return new Outcome(
      {
        messageId: this.inbound.messageId,
        action: 'redeliver',
        taskId,
        reason,
        ...(delaySeconds === undefined ? {} : { delaySeconds }),
      },
      delaySeconds === undefined ? 'error' : 'info',
      fields,
    );
  }

  meta(task: TaskMessage, status: TaskState, result: WireValue, extra: Partial<ResultMeta> = {}): ResultMeta {
    const ready = READY_STATES.has(status);
    return {
      task_id: task.id,
      status,
      result,
      traceback: null,
      children: [],
      date_done: ready ? this.deps.clock.now() : null,
      ...(task.group ? { group_id: task.group } : {}),
      ...(task.parent_id ? { parent_id: task.parent_id } : {}),
      ...(this.deps.resultExtended
        ? {
            request: {
              name: task.task,
              args: task.args,
              kwargs: task.kwargs,
              worker: this.deps.workerName,
              retries: task.retries,
              queue: task.routing_key ?? this.deps.defaultQueue,
            },
          }
        : {}),
      ...extra,
    };
  }

  /** Set by {@link store} when a meta was stored without its extended args and kwargs. */
  requestTrimmed = false;

  /**
   * Store a meta; null when stored (or skipped by the SUCCESS rule), else the outcome to end with:
   * redeliver when the write may pass later, or when it never can (the meta is too large or
   * cannot be encoded) the FAILURE stored in its place, acked.
   */
  async store(meta: ResultMeta, executed: boolean): Promise<Outcome | null> {
    try {
      await this.deps.backend.set(meta);
      return null;
    } catch (error) {
      if (permanentException(error)) return this.storeInstead(meta, error, executed);
      return this.writeFailed(meta, error, executed);
    }
  }

  writeFailed(meta: ResultMeta, error: unknown, executed: boolean, what = meta.status as string): Outcome {
    // An executed task's outcome must not vanish silently: log what could not be stored.
    const lost = executed ? { lostState: meta.status, lostResult: meta.result } : {};
    return this.redeliver(`result store write failed (${what}): ${thrownText(error)}`, lost);
  }

  /**
   * A meta the store can never take: first the same meta without the extended request's args
   * and kwargs (which a message can make arbitrarily large), then FAILURE with the permanent
   * error, compact, with the failure hooks run so chains and chords waiting on it learn of it.
   */
  async storeInstead(meta: ResultMeta, error: unknown, executed: boolean): Promise<Outcome | null> {
    let cause = error;
    const trimmed = withoutRequestArgs(meta);
    if (trimmed) {
      try {
        await this.deps.backend.set(trimmed);
        this.requestTrimmed = true;
        return null;
      } catch (again) {
        if (!permanentException(again)) return this.writeFailed(meta, again, executed);
        cause = again;
      }
    }
    const exception = permanentException(cause)!;
    const task = this.task;
    const failure: ResultMeta = {
      ...(withoutRequestArgs(meta) ?? meta),
      status: 'FAILURE',
      result: exception,
      traceback: null,
      children: [],
      date_done: this.deps.clock.now(),
    };
    try {
      await this.deps.backend.set(failure);
    } catch (again) {
      return this.writeFailed(meta, again, executed, `${meta.status}, then FAILURE ${exception.exc_type}`);
    }
    const fields = {
      exception: `${exception.exc_module}.${exception.exc_type}`,
      reason: `${meta.status} not storable: ${thrownText(cause)}`,
      ...(executed ? { lostState: meta.status } : {}),
    };
    if (!task) return this.ack('FAILURE', 'warn', fields);
    const hookFailed = await this.runHooks(
      this.deps.hooks.afterFailureStored,
      { ...this.event(task, []), exception, traceback: null },
      this.canvasErrorAfter('FAILURE'),
    );
    return hookFailed ?? this.ack('FAILURE', 'warn', fields);
  }

  /**
   * Run hooks; a failure redelivers the message, except a {@link CanvasError} (a malformed
   * signature in the message) or a {@link PermanentFailure} (a step too large to publish), which
   * redelivery cannot cure: `onCanvasError` decides then.
   */
  async runHooks<E>(
    hooks: Array<(event: E) => Promise<void>> | undefined,
    event: E,
    onCanvasError: (error: CanvasError | PermanentFailure) => Promise<Outcome> | Outcome,
  ): Promise<Outcome | null> {
    try {
      for (const hook of hooks ?? []) await hook(event);
      return null;
    } catch (error) {
      if (error instanceof CanvasError || error instanceof PermanentFailure) return onCanvasError(error);
      return this.redeliver(`runner hook failed: ${thrownText(error)}`);
    }
  }

  /** After the state is stored, a canvas error is logged and the message acked. */
  canvasErrorAfter(state: TaskState): (error: CanvasError | PermanentFailure) => Outcome {
    return (error) => this.ack(state, 'error', { reason: `canvas step not published: ${error.message}` });
  }

  async decodeFailure(error: unknown): Promise<Outcome> {
    const taskId = error instanceof DecodeError ? error.taskId : null;
    if (!taskId) {
      // Nothing can be stored without a task id: hand it back so the queue's redrive policy moves it
      // to the dead-letter queue, where it can be inspected, rather than dropping it.
      return this.redeliver(`undecodable message, no task id to store a failure under: ${thrownText(error)}`);
    }
    const exception =
      error instanceof ContentTypeRefusedError
        ? celeryExceptions.contentDisallowed(
            `Refusing to deserialize untrusted content of type ${error.contentType}`,
          )
        : celeryExceptions.decodeError(thrownText(error));
    const meta: ResultMeta = {
      task_id: taskId,
      status: 'FAILURE',
      result: exception,
      traceback: null,
      children: [],
      date_done: this.deps.clock.now(),
    };
    const failed = await this.store(meta, false);
    const task = error instanceof DecodeError ? error.taskName : null;
    if (!failed)
      this.emit(
        'task-failed',
        { id: taskId, ...(task ? { task } : {}) },
        { exception, reason: thrownText(error) },
      );
    return (
      failed ??
      new Outcome({ messageId: this.inbound.messageId, action: 'ack', taskId, state: 'FAILURE' }, 'warn', {
        taskId,
        task,
        exception: exception.exc_type,
        reason: thrownText(error),
      })
    );
  }

  parseDate(task: TaskMessage, value: string | null): Date | null {
    if (value === null) return null;
    try {
      return parseCeleryDate(value);
    } catch (error) {
      throw new DecodeError('protocol', thrownText(error), { taskId: task.id, taskName: task.task });
    }
  }

  async run(): Promise<Outcome> {
    let task: TaskMessage;
    let eta: Date | null;
    let expires: Date | null;
    try {
      task = decodeMessage(
        this.inbound.transport,
        this.inbound.payload,
        this.deps.accept
          ? { accept: this.deps.accept, limits: this.deps.decodeLimits }
          : { limits: this.deps.decodeLimits },
      );
      this.task = task;
      eta = this.parseDate(task, task.eta);
      expires = this.parseDate(task, task.expires);
    } catch (error) {
      return this.decodeFailure(error);
    }
    this.emit('task-received', task);

    const route = this.deps.resolveRoute(task.task);
    if (!route) return this.fail(task, celeryExceptions.notRegistered(task.task), null, 'no route');
    this.ignoresResults = route.ignoreResult === true;

    const expired = () => expires !== null && expires.getTime() <= this.deps.clock.now().getTime();
    if (expired()) return this.revokeExpired(task);

    if (eta && eta.getTime() > this.deps.clock.now().getTime()) return this.defer(task, eta);

    // A redelivery, or a message a worker published (a retry, a chain step, a callback), which a
    // redelivered parent may have published twice: skip it if this attempt already finished.
    // With `deduplicate: 'always'` a fresh message is checked too (one read per message).
    if (
      this.deps.deduplicate === 'always' ||
      (this.inbound.receiveCount ?? 1) > 1 ||
      task.retries > 0 ||
      task.parent_id !== null
    ) {
      const done = await this.alreadyDone(task);
      if (done) return done;
    }

    // Expiry again just before execution (docs/protocol.md §7.6).
    if (expired()) return this.revokeExpired(task);

    const limits = this.limits(task);
    if (limits === null) return this.redeliver('not enough function time left to run the task safely');

    if (this.deps.trackStarted && !this.ignoresResults) {
      // Up to Celery 5.6.2 the ignore_result header does not suppress STARTED (docs/protocol.md §7.14).
      const started = this.meta(task, 'STARTED', { pid: process.pid, hostname: this.deps.workerName });
      const failed = await this.store(started, false);
      if (failed) return failed;
    }

    const call: TaskCall = {
      id: task.id,
      task: task.task,
      args: task.args,
      kwargs: task.kwargs,
      retries: task.retries,
      eta: task.eta,
      expires: task.expires,
      root_id: task.root_id,
      parent_id: task.parent_id,
      group: task.group,
    };
    this.emit('task-started', task);
    this.executedAt = performance.now();
    const execution = await executeWithLimits(route.executor, call, limits);
    if (execution.kind === 'hard-limit') {
      const exception = celeryExceptions.timeLimitExceeded(limits.hardSeconds!);
      return this.fail(task, exception, null, 'hard time limit');
    }
    return this.settle(task, execution.result, execution.softLimitReached);
  }

  async revokeExpired(task: TaskMessage): Promise<Outcome> {
    const exception = celeryExceptions.taskRevoked('expired');
    const failed = await this.store(this.meta(task, 'REVOKED', exception), false);
    if (failed) return failed;
    this.emit('task-revoked', task, { exception, reason: 'expired' });
    const hookFailed = await this.runHooks(
      this.deps.hooks.afterRevokedStored,
      { ...this.event(task, []), exception },
      this.canvasErrorAfter('REVOKED'),
    );
    return hookFailed ?? this.ack('REVOKED', 'info', { reason: 'expired' });
  }

  async defer(task: TaskMessage, eta: Date): Promise<Outcome> {
    const publisher = this.deps.publisher;
    const now = this.deps.clock.now();
    const due = Math.ceil((eta.getTime() - now.getTime()) / 1000);
    if (!publisher) {
      return this.redeliver(`eta not reached (due in ${due}s) and no publisher to defer it`, {}, due);
    }
    // Without a native delay (Pub/Sub, SQS FIFO), re-publishing would loop at once: the trigger
    // keeps the message hidden until due, or the queue's own retry backoff brings it back.
    if (publisher.maxDelaySeconds === 0) return this.redeliver(`eta not reached (due in ${due}s)`, {}, due);
    try {
      await publisher.publish(republishEnvelope(task, {}, this.deps.defaultQueue), {
        queue: task.routing_key ?? this.deps.defaultQueue,
        delaySeconds: delaySecondsUntil(eta, now, publisher),
      });
    } catch (error) {
      const exception = permanentException(error);
      if (exception)
        return this.fail(task, exception, null, `eta message not publishable: ${thrownText(error)}`);
      return this.redeliver(`deferring the eta message failed: ${thrownText(error)}`);
    }
    return this.ack(null, 'info', { deferredUntil: eta.toISOString() });
  }

  async alreadyDone(task: TaskMessage): Promise<Outcome | null> {
    let stored: ResultMeta | null;
    try {
      stored = await this.deps.backend.get(task.id);
    } catch (error) {
      return this.redeliver(`result store read failed: ${thrownText(error)}`);
    }
    if (!stored || !READY_STATES.has(stored.status)) return null;
    const sameAttempt = stored.request
      ? stored.request.retries === task.retries
      : stored.status === 'SUCCESS';
    return sameAttempt ? this.ack(stored.status, 'info', { duplicate: true }) : null;
  }

  limits(
    task: TaskMessage,
  ): { hardMs: number | null; softMs: number | null; hardSeconds: number | null } | null {
    const [hard, soft] = task.timelimit;
    // Celery treats a zero limit as no limit.
    const messageHardMs = hard ? hard * 1000 : null;
    const remaining = this.context.remainingTimeMs?.();
    const functionMs = remaining === undefined ? null : remaining - this.deps.timeSafetyMarginMs;
    if (functionMs !== null && functionMs <= 0) return null;
    const fromMessage = messageHardMs !== null && (functionMs === null || messageHardMs <= functionMs);
    const hardMs = fromMessage ? messageHardMs : functionMs;
    return {
      hardMs,
      softMs: soft ? soft * 1000 : null,
      hardSeconds: hardMs === null ? null : fromMessage ? hard! : Math.round(hardMs) / 1000,
    };
  }

  event(task: TaskMessage, children: ResultTuple[]): TaskOutcomeEvent {
    return { message: task, children, backend: this.deps.backend, publisher: this.deps.publisher };
  }

  async settle(task: TaskMessage, result: ExecutionResult, softLimitReached: boolean): Promise<Outcome> {
    if (result.status === 'retry') return this.retry(task, result);
    if (result.status === 'failure') {
      return softLimitReached
        ? this.fail(
            task,
            celeryExceptions.softTimeLimitExceeded(),
            softLimitTraceback(result.traceback),
            'soft time limit',
          )
        : this.fail(task, result.exception, result.traceback, null);
    }
    const children: ResultTuple[] = [];
    const event = { ...this.event(task, children), value: result.value };
    // Like Celery, a callback or chain step that cannot be applied fails the task itself.
    const beforeFailed = await this.runHooks(this.deps.hooks.beforeSuccessStored, event, (error) => {
      const exception = exceptionInfoFromError(error);
      return this.fail(
        task,
        exception,
        pythonTraceback(error, exception, { file: task.task, fn: task.task }),
        'canvas error',
      );
    });
    if (beforeFailed) return beforeFailed;
    // The ignore_result header suppresses only SUCCESS up to Celery 5.6.2 (docs/protocol.md §7.14).
    if (!task.ignore_result && !this.ignoresResults) {
      const failed = await this.store(this.meta(task, 'SUCCESS', result.value, { children }), true);
      if (failed) return failed;
    }
    this.emit('task-succeeded', task, { result: result.value, children: resultTupleIds(children) });
    const afterFailed = await this.runHooks(
      this.deps.hooks.afterSuccessStored,
      event,
      this.canvasErrorAfter('SUCCESS'),
    );
    return afterFailed ?? this.ack('SUCCESS');
  }

  async fail(
    task: TaskMessage,
    exception: ExceptionInfo,
    traceback: string | null,
    reason: string | null,
  ): Promise<Outcome> {
    const children: ResultTuple[] = [];
    if (!this.ignoresResults) {
      const failed = await this.store(this.meta(task, 'FAILURE', exception, { traceback, children }), true);
      if (failed) return failed;
    }
    this.emit('task-failed', task, {
      exception,
      traceback,
      children: resultTupleIds(children),
      ...(reason ? { reason } : {}),
    });
    const hookFailed = await this.runHooks(
      this.deps.hooks.afterFailureStored,
      { ...this.event(task, children), exception, traceback },
      this.canvasErrorAfter('FAILURE'),
    );
    return (
      hookFailed ??
      this.ack('FAILURE', 'warn', {
        exception: `${exception.exc_module}.${exception.exc_type}`,
        ...(reason ? { reason } : {}),
      })
    );
  }

  async retry(task: TaskMessage, request: Extract<ExecutionResult, { status: 'retry' }>): Promise<Outcome> {
    const maxRetries = request.maxRetries === undefined ? DEFAULT_MAX_RETRIES : request.maxRetries;
    const now = this.deps.clock.now();
    let eta: Date;
    try {
      eta = retryEta(request, now, maxRetries);
    } catch (error) {
      if (!(error instanceof InvalidRetry)) throw error;
      return this.fail(task, error.exception, null, 'invalid retry');
    }
    const retries = task.retries + 1;
    if (maxRetries !== null && retries > maxRetries) {
      const exception = request.exception ?? celeryExceptions.maxRetriesExceeded(task.task, task.id);
      const traceback = pythonTraceback(null, exception, { file: task.task, fn: task.task });
      return this.fail(task, exception, traceback, 'max retries exceeded');
    }
    const publisher = this.deps.publisher;
    if (!publisher) return this.redeliver('retry requested but no publisher is configured');
    const delayText = request.eta ? request.eta : `${request.countdown ?? DEFAULT_RETRY_DELAY_SECONDS}s`;
    try {
      const envelope = republishEnvelope(
        task,
        {
          retries,
          eta: eta.toISOString(),
          parent_id: task.id,
          root_id: task.root_id ?? task.id,
          origin: this.deps.workerName,
        },
        this.deps.defaultQueue,
      );
      await publisher.publish(envelope, {
        queue: task.routing_key ?? this.deps.defaultQueue,
        delaySeconds: delaySecondsUntil(eta, now, publisher),
      });
    } catch (error) {
      const exception = permanentException(error);
      if (exception) return this.fail(task, exception, null, `retry not publishable: ${thrownText(error)}`);
      return this.redeliver(`publishing the retry failed: ${thrownText(error)}`);
    }
    const retried = {
      ...(request.exception ? { exception: request.exception } : {}),
      retry_eta: eta.toISOString(),
    };
    if (this.ignoresResults) {
      this.emit('task-retried', task, { ...retried, traceback: null });
      return this.ack(null, 'info', { retryEta: eta.toISOString() });
    }
    // RETRY is stored after the retry message is on the queue, listing it as a child (docs/protocol.md §7.5).
    const meta = this.meta(task, 'RETRY', request.exception ?? null, {
      traceback: retryTraceback(task.task, delayText),
      children: [[[task.id, null], null]],
    });
    const failed = await this.store(meta, true);
    if (!failed) this.emit('task-retried', task, { ...retried, traceback: meta.traceback });
    return failed ?? this.ack('RETRY', 'info', { retryEta: eta.toISOString() });
  }

  /** On the delivery after which the queue dead-letters the message, store why it failed. */
  async failBeforeDeadLetter(outcome: Outcome): Promise<Outcome> {
    const o = outcome.outcome;
    const max = this.deps.maxReceiveCount;
    if (
      o.action !== 'redeliver' ||
      !this.task ||
      max === undefined ||
      (this.inbound.receiveCount ?? 1) < max
    ) {
      return outcome;
    }
    const task = this.task;
    // Written so that it always fits: no extended args and kwargs (the message's own, which may
    // be why it failed), a bounded reason.
    const full = this.meta(task, 'FAILURE', null);
    const compact = withoutRequestArgs(full);
    const reason = shortReason(o.reason) + (compact ? ' (args and kwargs left out of this result)' : '');
    const exception = celeryExceptions.deadLettered(this.inbound.receiveCount ?? 1, reason);
    let notStored: Outcome | null = null;
    try {
      await this.deps.backend.set({ ...(compact ?? full), result: exception });
    } catch (error) {
      notStored = this.writeFailed(full, error, false);
    }
    if (notStored === null) {
      this.emit('task-failed', task, { exception, traceback: null, reason: o.reason });
      // Chains and chords waiting on this task learn of the failure as they would of any other.
      await this.runHooks(
        this.deps.hooks.afterFailureStored,
        { ...this.event(task, []), exception, traceback: null },
        this.canvasErrorAfter('FAILURE'),
      );
    }
    return new Outcome(o, outcome.level, { ...outcome.fields, deadLetterFailureStored: notStored === null });
  }

  log(outcome: Outcome): void {
    const o = outcome.outcome;
    this.deps.logger.log(
      outcome.level,
      o.action === 'ack' ? 'task message acked' : 'task message redelivered',
      {
        messageId: o.messageId,
        taskId: o.taskId,
        task: this.task?.task ?? null,
        state: o.action === 'ack' ? o.state : null,
        retries: this.task?.retries ?? null,
        durationMs: Math.round(performance.now() - this.#started),
        ...(o.action === 'redeliver' ? { reason: o.reason } : {}),
        ...(this.requestTrimmed ? { requestTrimmed: true } : {}),
        ...outcome.fields,
      },
    );
  }
}

/**
 * Run one inbound message through decode, routing, expiry, eta, dedupe, execution and result
 * storage; never throws. Logs one structured line with the outcome.
 *
 * @example
 * ```ts
 * const outcome = await processMessage(inbound, deps, { remainingTimeMs: () => lambdaContext.getRemainingTimeInMillis() });
 * ```
 */
export async function processMessage(
  inbound: InboundMessage,
  deps: MessageProcessorDeps,
  context: BatchContext = {},
): Promise<MessageOutcome> {
  const run = new MessageRun(deps, inbound, context);
  let outcome: Outcome;
  try {
    outcome = await run.run();
  } catch (error) {
    outcome = run.redeliver(`unexpected runner error: ${thrownText(error)}`);
  }
  outcome = await run.failBeforeDeadLetter(outcome);
  run.log(outcome);
  return outcome.outcome;
}
