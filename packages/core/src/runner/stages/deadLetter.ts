/**
 * The last delivery before the queue dead-letters a message: a FAILURE saying why is stored, so
 * its client does not wait forever and chains and chords waiting on it learn of it.
 */
import { celeryExceptions } from '../celeryExceptions.js';
import { withoutRequestArgs } from '../permanentException.js';
import { type MessageRun, Outcome, emit, meta } from './run.js';
import { failureHooks } from './store.js';

/** A stored reason is cut to this many characters, so a FAILURE written in its place always fits. */
const MAX_REASON_CHARS = 1000;

function shortReason(reason: string): string {
  return reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason;
}

/** On the delivery after which the queue dead-letters the message, store why it failed. */
export async function failBeforeDeadLetter(run: MessageRun, outcome: Outcome): Promise<Outcome> {
  const o = outcome.outcome;
  const max = run.deps.maxReceiveCount;
  const receiveCount = run.inbound.receiveCount ?? 1;
  const task = run.task;
  if (o.action !== 'redeliver' || !task || max === undefined || receiveCount < max) return outcome;
  // Written so that it always fits: no extended args and kwargs (the message's own, which may
  // be why it failed), a bounded reason.
  const full = meta(run, task, 'FAILURE', null);
  const compact = withoutRequestArgs(full);
  const reason = shortReason(o.reason) + (compact ? ' (args and kwargs left out of this result)' : '');
  const exception = celeryExceptions.deadLettered(receiveCount, reason);
  let stored = true;
  try {
    await run.deps.backend.set({ ...(compact ?? full), result: exception });
  } catch {
    stored = false;
  }
  if (stored) {
    emit(run, 'task-failed', task, { exception, traceback: null, reason: o.reason });
    await failureHooks(run, task, { exception, traceback: null });
  }
  return new Outcome(o, outcome.level, { ...outcome.fields, deadLetterFailureStored: stored });
}
