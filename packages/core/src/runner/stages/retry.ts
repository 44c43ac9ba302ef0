/**
 * A retry the task asked for (docs/protocol.md §7.5): the retry message published with the same
 * id, then RETRY stored listing it as a child; FAILURE once the retries are spent.
 */
import { parseCeleryDate } from '../../codec/index.js';
import { InvalidRetry } from '../../errors.js';
import type { ExecutionResult } from '../../ports.js';
import type { TaskMessage } from '../../types.js';
import { celeryExceptions } from '../celeryExceptions.js';
import { pythonTraceback, thrownText } from '../exceptionInfo.js';
import { permanentException } from '../permanentException.js';
import { delaySecondsUntil, republishEnvelope } from '../republish.js';
import { type MessageRun, type Outcome, ack, emit, meta, redeliver } from './run.js';
import { fail, storeOutcome } from './store.js';

type RetryRequest = Extract<ExecutionResult, { status: 'retry' }>;

const DEFAULT_RETRY_DELAY_SECONDS = 180;
const DEFAULT_MAX_RETRIES = 3;
/** Python's `datetime` ends with year 9999: a later eta is a date no client can read. */
const LATEST_ETA_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

function retryTraceback(task: string, seconds: number | string): string {
  return `Traceback (most recent call last):\n  File "${task}", line 1, in ${task}\ncelery.exceptions.Retry: Retry in ${seconds}\n`;
}

/**
 * When a retry is due; throws {@link InvalidRetry} for a request no redelivery can make valid: a
 * countdown that is not a finite number, an eta that is not a date or past year 9999, or
 * `max_retries` that is not a non-negative integer.
 */
function retryEta(request: RetryRequest, now: Date, maxRetries: number | null): Date {
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

/** Publish the retry message, then store RETRY (or FAILURE when it can never be retried). */
export async function retry(run: MessageRun, task: TaskMessage, request: RetryRequest): Promise<Outcome> {
  const { deps } = run;
  const maxRetries = request.maxRetries === undefined ? DEFAULT_MAX_RETRIES : request.maxRetries;
  const now = deps.clock.now();
  let eta: Date;
  try {
    eta = retryEta(request, now, maxRetries);
  } catch (error) {
    if (!(error instanceof InvalidRetry)) throw error;
    return fail(run, task, { exception: error.exception, reason: 'invalid retry' });
  }
  const retries = task.retries + 1;
  if (maxRetries !== null && retries > maxRetries) {
    const exception = request.exception ?? celeryExceptions.maxRetriesExceeded(task.task, task.id);
    const traceback = pythonTraceback(null, exception, { file: task.task, fn: task.task });
    return fail(run, task, { exception, traceback, reason: 'max retries exceeded' });
  }
  const publisher = deps.publisher;
  if (!publisher) return redeliver(run, 'retry requested but no publisher is configured');
  try {
    const overrides = {
      retries,
      eta: eta.toISOString(),
      parent_id: task.id,
      root_id: task.root_id ?? task.id,
      origin: deps.workerName,
    };
    await publisher.publish(republishEnvelope(task, overrides, deps.defaultQueue), {
      queue: task.routing_key ?? deps.defaultQueue,
      delaySeconds: delaySecondsUntil(eta, now, publisher),
    });
  } catch (error) {
    const exception = permanentException(error);
    if (exception)
      return fail(run, task, { exception, reason: `retry not publishable: ${thrownText(error)}` });
    return redeliver(run, `publishing the retry failed: ${thrownText(error)}`);
  }
  const retried = {
    ...(request.exception ? { exception: request.exception } : {}),
    retry_eta: eta.toISOString(),
  };
  if (run.ignoresResults) {
    emit(run, 'task-retried', task, { ...retried, traceback: null });
    return ack(run, null, 'info', { retryEta: eta.toISOString() });
  }
  // RETRY is stored after the retry message is on the queue, listing it as a child (docs/protocol.md §7.5).
  const delayText = request.eta ? request.eta : `${request.countdown ?? DEFAULT_RETRY_DELAY_SECONDS}s`;
  const stored = meta(run, task, 'RETRY', request.exception ?? null, {
    traceback: retryTraceback(task.task, delayText),
    children: [[[task.id, null], null]],
  });
  const failed = await storeOutcome(run, stored);
  if (failed) return failed;
  emit(run, 'task-retried', task, { ...retried, traceback: stored.traceback });
  return ack(run, 'RETRY', 'info', { retryEta: eta.toISOString() });
}
