/**
 * Writing a meta and running the hooks that follow it: a write that may pass later redelivers;
 * one the store can never take is replaced by a FAILURE saying why, acked.
 */
import type { ExceptionInfo, ResultMeta, ResultTuple, TaskMessage } from '../../types.js';
import { thrownText } from '../exceptionInfo.js';
import { permanentException, withoutRequestArgs } from '../permanentException.js';
import { resultTupleIds } from '../taskEvents.js';
import {
  type MessageRun,
  type Outcome,
  ack,
  emit,
  hooksAfter,
  meta,
  outcomeEvent,
  redeliver,
} from './run.js';

/** Whether a lost write loses what the task produced (logged at `error` then). */
type Loss = 'state' | 'outcome';

/**
 * Store a state written before or instead of running (STARTED, REVOKED, an undecodable
 * message's FAILURE); null when stored, else the outcome to end with.
 */
export function storeState(run: MessageRun, meta: ResultMeta): Promise<Outcome | null> {
  return store(run, meta, 'state');
}

/** Store a task's outcome (SUCCESS, FAILURE, RETRY); a lost write logs the lost state and result. */
export function storeOutcome(run: MessageRun, meta: ResultMeta): Promise<Outcome | null> {
  return store(run, meta, 'outcome');
}

async function store(run: MessageRun, meta: ResultMeta, loss: Loss): Promise<Outcome | null> {
  try {
    await run.deps.backend.set(meta);
    return null;
  } catch (error) {
    const permanent = permanentException(error);
    if (permanent) return storeInstead(run, meta, { error, exception: permanent }, loss);
    return writeFailed(run, meta, error, loss);
  }
}

/** The outcome of a write that may pass on a later delivery. */
export function writeFailed(
  run: MessageRun,
  meta: ResultMeta,
  error: unknown,
  loss: Loss,
  what = meta.status as string,
): Outcome {
  // An executed task's outcome must not vanish silently: log what could not be stored.
  const lost = loss === 'outcome' ? { lostState: meta.status, lostResult: meta.result } : {};
  return redeliver(run, `result store write failed (${what}): ${thrownText(error)}`, lost);
}

/**
 * A meta the store can never take: first the same meta without the extended request's args
 * and kwargs (which a message can make arbitrarily large), then FAILURE with the permanent
 * error, compact, with the failure hooks run so chains and chords waiting on it learn of it.
 */
async function storeInstead(
  run: MessageRun,
  meta: ResultMeta,
  refused: { error: unknown; exception: ExceptionInfo },
  loss: Loss,
): Promise<Outcome | null> {
  let { error: cause, exception } = refused;
  const trimmed = withoutRequestArgs(meta);
  if (trimmed) {
    try {
      await run.deps.backend.set(trimmed);
      run.requestTrimmed = true;
      return null;
    } catch (again) {
      const permanent = permanentException(again);
      if (!permanent) return writeFailed(run, meta, again, loss);
      cause = again;
      exception = permanent;
    }
  }
  const failure: ResultMeta = {
    ...(trimmed ?? meta),
    status: 'FAILURE',
    result: exception,
    traceback: null,
    children: [],
    date_done: run.deps.clock.now(),
  };
  try {
    await run.deps.backend.set(failure);
  } catch (again) {
    return writeFailed(run, meta, again, loss, `${meta.status}, then FAILURE ${exception.exc_type}`);
  }
  const fields = {
    exception: `${exception.exc_module}.${exception.exc_type}`,
    reason: `${meta.status} not storable: ${thrownText(cause)}`,
    ...(loss === 'outcome' ? { lostState: meta.status } : {}),
  };
  const hookFailed = run.task && (await failureHooks(run, run.task, { exception, traceback: null }));
  return hookFailed || ack(run, 'FAILURE', 'warn', fields);
}

/** The `afterFailureStored` hooks, with the children the FAILURE lists. */
export function failureHooks(
  run: MessageRun,
  task: TaskMessage,
  { exception, traceback }: { exception: ExceptionInfo; traceback: string | null },
  children: ResultTuple[] = [],
): Promise<Outcome | null> {
  const event = { ...outcomeEvent(run, task, children), exception, traceback };
  return hooksAfter(run, 'FAILURE', run.deps.hooks.afterFailureStored, event);
}

/** A FAILURE to store: the exception, its traceback and the reason logged with it. */
export interface Failure {
  exception: ExceptionInfo;
  traceback?: string | null;
  reason?: string | null;
}

/** Store FAILURE (unless the task ignores results), emit `task-failed`, run the failure hooks. */
export async function fail(
  run: MessageRun,
  task: TaskMessage,
  { exception, traceback = null, reason = null }: Failure,
): Promise<Outcome> {
  const children: ResultTuple[] = [];
  if (!run.ignoresResults) {
    const failed = await storeOutcome(run, meta(run, task, 'FAILURE', exception, { traceback, children }));
    if (failed) return failed;
  }
  emit(run, 'task-failed', task, {
    exception,
    traceback,
    children: resultTupleIds(children),
    ...(reason ? { reason } : {}),
  });
  const hookFailed = await failureHooks(run, task, { exception, traceback }, children);
  return (
    hookFailed ??
    ack(run, 'FAILURE', 'warn', {
      exception: `${exception.exc_module}.${exception.exc_type}`,
      ...(reason ? { reason } : {}),
    })
  );
}

/** The `afterRevokedStored` hooks for an expired task. */
export function revokedHooks(
  run: MessageRun,
  task: TaskMessage,
  exception: ExceptionInfo,
): Promise<Outcome | null> {
  const event = { ...outcomeEvent(run, task, []), exception };
  return hooksAfter(run, 'REVOKED', run.deps.hooks.afterRevokedStored, event);
}
