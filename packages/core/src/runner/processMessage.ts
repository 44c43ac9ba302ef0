import type { InboundMessage, MessageOutcome } from '../ports.js';
/**
 * One delivered message through Celery's worker lifecycle (docs/protocol.md §7.1-7.7, 7.14), adapted to
 * serverless triggers: store first, then ack (acks_late semantics, docs/protocol.md §7.3). The
 * stages: gate → execute under limits → settle (store, retry) → dead-letter on the last delivery.
 */
import { thrownText } from './exceptionInfo.js';
import { failBeforeDeadLetter } from './stages/deadLetter.js';
import { execute } from './stages/execute.js';
import { gate, revokeExpired } from './stages/gate.js';
import { type MessageProcessorDeps, MessageRun, Outcome, redeliver } from './stages/run.js';
import { settle } from './stages/settle.js';
import type { BatchContext } from './types.js';

export type { MessageProcessorDeps } from './stages/run.js';

async function runStages(run: MessageRun): Promise<Outcome> {
  const admitted = await gate(run);
  if (admitted instanceof Outcome) return admitted;
  const { task, route, expired } = admitted;
  // Expiry again just before execution (docs/protocol.md §7.6).
  if (expired()) return revokeExpired(run, task);
  const executed = await execute(run, task, route);
  if (executed instanceof Outcome) return executed;
  return settle(run, task, executed);
}

function log(run: MessageRun, { outcome: o, level, fields }: Outcome): void {
  run.deps.logger.log(level, o.action === 'ack' ? 'task message acked' : 'task message redelivered', {
    messageId: o.messageId,
    taskId: o.taskId,
    task: run.task?.task ?? null,
    state: o.action === 'ack' ? o.state : null,
    retries: run.task?.retries ?? null,
    durationMs: Math.round(performance.now() - run.startedAt),
    ...(o.action === 'redeliver' ? { reason: o.reason } : {}),
    ...(run.requestTrimmed ? { requestTrimmed: true } : {}),
    ...fields,
  });
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
    outcome = await runStages(run);
  } catch (error) {
    outcome = redeliver(run, `unexpected runner error: ${thrownText(error)}`);
  }
  outcome = await failBeforeDeadLetter(run, outcome);
  log(run, outcome);
  return outcome.outcome;
}
