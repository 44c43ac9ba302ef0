import { decodeMessage, parseCeleryDate, withCodecs } from '../../codec/index.js';
import { ContentTypeRefusedError, DecodeError } from '../../errors.js';
import type { ResultMeta, TaskMessage } from '../../types.js';
import { celeryExceptions } from '../celeryExceptions.js';
/**
 * The gate before a task runs: decode, routing, expiry, eta and duplicates (docs/protocol.md
 * §7.1 steps 1-5). Each check either lets the message through or ends it with its outcome.
 */
import { thrownText } from '../exceptionInfo.js';
import { permanentException } from '../permanentException.js';
import { rateLimitWait } from '../rateLimit.js';
import { delaySecondsUntil, republishEnvelope } from '../republish.js';
import { isRevoked } from '../revoke.js';
import type { Route } from '../routes.js';
import {
  type MessageRun,
  Outcome,
  READY_STATES,
  ack,
  emit,
  hooksAfter,
  meta,
  outcomeEvent,
  redeliver,
} from './run.js';
import { fail, revokedHooks, storeState } from './store.js';

/** A message the gate let through. */
export interface Admitted {
  task: TaskMessage;
  route: Route;
  /** Whether `expires` has passed now. */
  expired(): boolean;
}

/** Decode and route the message, then check expiry, eta and duplicates. */
export async function gate(run: MessageRun): Promise<Admitted | Outcome> {
  const decoded = await decode(run);
  if (decoded instanceof Outcome) return decoded;
  const { task, eta, expires } = decoded;
  emit(run, 'task-received', task);

  const route = run.deps.resolveRoute(task.task);
  if (!route)
    return fail(run, task, { exception: celeryExceptions.notRegistered(task.task), reason: 'no route' });
  run.ignoresResults = route.ignoreResult === true;

  const now = () => run.deps.clock.now().getTime();
  const expired = () => expires !== null && expires.getTime() <= now();
  if (expired()) return revokeExpired(run, task);
  if (run.deps.revoke === 'check') {
    const revoked = await isRevoked(run.deps.backend, task.id).catch((error: unknown) => error as Error);
    if (revoked instanceof Error) return redeliver(run, `result store read failed: ${thrownText(revoked)}`);
    if (revoked) return revokeExpired(run, task, 'revoked');
  }
  if (eta && eta.getTime() > now()) return defer(run, task, eta);
  if (mayBeDuplicate(run, task)) {
    const done = await alreadyDone(run, task);
    if (done) return done;
  }
  if (route.rateLimit) {
    const wait = await rateLimitWait(
      run.deps.backend,
      task.task,
      route.rateLimit,
      run.deps.clock.now(),
    ).catch((error: unknown) => error as Error);
    if (wait instanceof Error) return redeliver(run, `rate limit counter failed: ${thrownText(wait)}`);
    if (wait) return defer(run, task, wait);
  }
  return { task, route, expired };
}

async function decode(
  run: MessageRun,
): Promise<{ task: TaskMessage; eta: Date | null; expires: Date | null } | Outcome> {
  const { deps } = run;
  try {
    const limits = deps.decodeLimits;
    const options = deps.accept ? { accept: deps.accept, limits } : { limits };
    // YAML, msgpack and bzip2 load on the first message that needs them (docs/codec.md).
    const task = await withCodecs(() => decodeMessage(run.inbound.transport, run.inbound.payload, options));
    run.task = task;
    return { task, eta: parseDate(task, task.eta), expires: parseDate(task, task.expires) };
  } catch (error) {
    return decodeFailure(run, error);
  }
}

function parseDate(task: TaskMessage, value: string | null): Date | null {
  if (value === null) return null;
  try {
    return parseCeleryDate(value);
  } catch (error) {
    throw new DecodeError('protocol', thrownText(error), { taskId: task.id, taskName: task.task });
  }
}

async function decodeFailure(run: MessageRun, error: unknown): Promise<Outcome> {
  const taskId = error instanceof DecodeError ? error.taskId : null;
  if (!taskId) {
    // Nothing can be stored without a task id: hand it back so the queue's redrive policy moves it
    // to the dead-letter queue, where it can be inspected, rather than dropping it.
    return redeliver(run, `undecodable message, no task id to store a failure under: ${thrownText(error)}`);
  }
  const exception =
    error instanceof ContentTypeRefusedError
      ? celeryExceptions.contentDisallowed(
          `Refusing to deserialize untrusted content of type ${error.contentType}`,
        )
      : celeryExceptions.decodeError(thrownText(error));
  const failure: ResultMeta = {
    task_id: taskId,
    status: 'FAILURE',
    result: exception,
    traceback: null,
    children: [],
    date_done: run.deps.clock.now(),
  };
  const failed = await storeState(run, failure);
  if (failed) return failed;
  const task = error instanceof DecodeError ? error.taskName : null;
  emit(
    run,
    'task-failed',
    { id: taskId, ...(task ? { task } : {}) },
    { exception, reason: thrownText(error) },
  );
  return new Outcome({ messageId: run.inbound.messageId, action: 'ack', taskId, state: 'FAILURE' }, 'warn', {
    taskId,
    task,
    exception: exception.exc_type,
    reason: thrownText(error),
  });
}

/** Store REVOKED for a task whose `expires` has passed (docs/protocol.md §7.6), or that a client
 * revoked (docs/runner.md, "Revoke across functions"). */
export async function revokeExpired(
  run: MessageRun,
  task: TaskMessage,
  reason: 'expired' | 'revoked' = 'expired',
): Promise<Outcome> {
  const exception = celeryExceptions.taskRevoked(reason);
  const failed = await storeState(run, meta(run, task, 'REVOKED', exception));
  if (failed) return failed;
  emit(run, 'task-revoked', task, { exception, reason });
  const hookFailed = await revokedHooks(run, task, exception);
  return hookFailed ?? ack(run, 'REVOKED', 'info', { reason });
}

async function defer(run: MessageRun, task: TaskMessage, eta: Date): Promise<Outcome> {
  const { publisher, defaultQueue } = run.deps;
  const now = run.deps.clock.now();
  const due = Math.ceil((eta.getTime() - now.getTime()) / 1000);
  if (!publisher)
    return redeliver(run, `eta not reached (due in ${due}s) and no publisher to defer it`, {}, due);
  // Without a native delay (Pub/Sub, SQS FIFO), re-publishing would loop at once: the trigger
  // keeps the message hidden until due, or the queue's own retry backoff brings it back.
  if (publisher.maxDelaySeconds === 0) return redeliver(run, `eta not reached (due in ${due}s)`, {}, due);
  try {
    await publisher.publish(republishEnvelope(task, {}, defaultQueue), {
      queue: task.routing_key ?? defaultQueue,
      delaySeconds: delaySecondsUntil(eta, now, publisher),
    });
  } catch (error) {
    const exception = permanentException(error);
    if (exception)
      return fail(run, task, { exception, reason: `eta message not publishable: ${thrownText(error)}` });
    return redeliver(run, `deferring the eta message failed: ${thrownText(error)}`);
  }
  return ack(run, null, 'info', { deferredUntil: eta.toISOString() });
}

/**
 * A redelivery, or a message a worker published (a retry, a chain step, a callback), which a
 * redelivered parent may have published twice. With `deduplicate: 'always'` every message.
 */
function mayBeDuplicate(run: MessageRun, task: TaskMessage): boolean {
  return (
    run.deps.deduplicate === 'always' ||
    (run.inbound.receiveCount ?? 1) > 1 ||
    task.retries > 0 ||
    task.parent_id !== null
  );
}

/** Ack a message whose attempt already finished (one store read). */
async function alreadyDone(run: MessageRun, task: TaskMessage): Promise<Outcome | null> {
  let stored: ResultMeta | null;
  try {
    stored = await run.deps.backend.get(task.id);
  } catch (error) {
    return redeliver(run, `result store read failed: ${thrownText(error)}`);
  }
  if (!stored || !READY_STATES.has(stored.status)) return null;
  const sameAttempt = stored.request ? stored.request.retries === task.retries : stored.status === 'SUCCESS';
  if (!sameAttempt) return null;
  const event = { ...outcomeEvent(run, task, []), state: stored.status };
  const hookFailed = await hooksAfter(run, stored.status, run.deps.hooks.afterDuplicate, event);
  return hookFailed ?? ack(run, stored.status, 'info', { duplicate: true });
}
