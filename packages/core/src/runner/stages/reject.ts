/**
 * Settling a rejected message (docs/runner.md, "Reject"): nothing is stored.
 */
import { type MessageRun, type Outcome, ack, redeliver } from './run.js';

/** Requeued → redelivered; else acked and dropped, logged at `warn`. */
export function rejectedOutcome(run: MessageRun, requeue: boolean): Outcome {
  return requeue
    ? redeliver(run, 'the task rejected its message with requeue (Celery Reject(requeue=True))')
    : ack(run, null, 'warn', {
        rejected: true,
        reason: 'the task rejected its message (Celery Reject), dropped',
      });
}
