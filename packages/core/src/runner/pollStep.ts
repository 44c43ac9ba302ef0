/**
 * What the poll loop does with the messages it received: run them (a container worker) or hand
 * them to a function with the platform's event shape (the local stand-ins for Lambda's event
 * source mapping, the Functions host and a push subscription).
 */
import type { InboundMessage, MessageOutcome, TriggerOptions } from '../ports.js';
import type { BatchContext } from './types.js';

/** One received message: the queue's own form and the core message it carries. */
export interface Received<M> {
  message: M;
  inbound: InboundMessage;
}

/** The pluggable step of {@link startPollLoop}. */
export interface PollStep<M> {
  /**
   * Most messages handed to one `run` (1: each message on its own, FIFO groups kept in order by
   * the loop). Above 1 the received messages come in receive order, as Lambda's batches do, and
   * the step answers for FIFO order itself.
   */
  readonly batchSize: number;
  /**
   * One answer per message, in order: `ack` (the outcome is stored: delete it), `redeliver`
   * (hand it back, after `delaySeconds` when given), or `undefined` (no answer: hand it back).
   */
  run(batch: Received<M>[], context: BatchContext): Promise<Array<MessageOutcome | undefined>>;
}

/**
 * The worker's step: each message through the runner, which stores its outcome.
 *
 * @example
 * ```ts
 * const loop = startPollLoop({ source, step: runnerStep(createRunner({ backend, tasks })) });
 * ```
 */
export function runnerStep<M>(runner: TriggerOptions['runner']): PollStep<M> {
  return {
    batchSize: 1,
    run: (batch, context) =>
      runner.runBatch(
        batch.map((r) => r.inbound),
        context,
      ),
  };
}
