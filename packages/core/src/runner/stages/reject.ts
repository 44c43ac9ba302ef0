/**
 * Settling a rejected message (docs/runner.md, "Reject"): nothing is stored.
 */
import type { ExecutionResult } from '../../ports.js';
import { type MessageRun, Outcome, ack, redeliver } from './run.js';

/** Requeued → redelivered; else acked and dropped, logged at `warn`. */
export function rejectedOutcome(
  run: MessageRun,
  rejection: Extract<ExecutionResult, { status: 'reject' }>,
): Outcome {
  if (rejection.requeue) {
    // Asked for by the task, not a failure: logged at info, not as an error.
    const handedBack = redeliver(
      run,
      'the task rejected its message with requeue (Celery Reject(requeue=True))',
    );
    return new Outcome(handedBack.outcome, 'info', handedBack.fields);
  }
  return ack(run, null, 'warn', {
    rejected: true,
    reason: 'the task rejected its message (Celery Reject), dropped',
  });
}
