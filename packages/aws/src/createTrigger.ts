import type { InboundMessage, MessageOutcome } from '@celery-cloud/core';
import type { LambdaContextLike, SQSBatchResponse, SQSEvent, SQSRecord, SqsHandler } from './types.js';

/** What the trigger needs of a runner: one outcome per message, in order. */
export interface BatchRunner {
  runBatch(
    messages: InboundMessage[],
    context?: { remainingTimeMs?: () => number },
  ): Promise<MessageOutcome[]>;
}

/** Options of the SQS trigger. */
export interface SqsTriggerOptions {
  runner: BatchRunner;
  /** Treat the queue as FIFO; by default decided by an `eventSourceARN` ending in `.fifo`. */
  fifo?: boolean;
}

function toMessage(record: SQSRecord): InboundMessage {
  return {
    messageId: record.messageId,
    transport: 'sqs',
    payload: record.body,
    receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1) || 1,
  };
}

const redelivered = (outcomes: MessageOutcome[]) =>
  outcomes.filter((o) => o.action === 'redeliver').map((o) => o.messageId);

/** FIFO: groups run side by side; within a group in order, and after a failure the rest of the
 * group is handed back unrun so SQS redelivers it in order. */
async function runFifo(records: SQSRecord[], runner: BatchRunner, remainingTimeMs?: () => number) {
  const groups = new Map<string, SQSRecord[]>();
  for (const r of records) {
    const id = r.attributes?.MessageGroupId ?? '';
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  const failed = await Promise.all(
    [...groups.values()].map(async (group) => {
      for (const [i, record] of group.entries()) {
        const outcomes = await runner.runBatch([toMessage(record)], { remainingTimeMs });
        if (redelivered(outcomes).length > 0) return group.slice(i).map((r) => r.messageId);
      }
      return [];
    }),
  );
  return failed.flat();
}

/**
 * The SQS trigger: a Lambda handler that turns an `SQSEvent` into core messages, runs them, and
 * answers `batchItemFailures` naming exactly the messages to redeliver (`ReportBatchItemFailures`
 * must be on). One bad record never fails the others: the runner gives every message its own
 * outcome. FIFO queues keep order within a message group.
 *
 * @example
 * ```ts
 * export const handler = createTrigger({ runner: createRunner({ backend, tasks }) });
 * ```
 */
export function createTrigger(options: SqsTriggerOptions): SqsHandler {
  return async (event: SQSEvent, context?: LambdaContextLike): Promise<SQSBatchResponse> => {
    const records = event.Records ?? [];
    const remainingTimeMs = context?.getRemainingTimeInMillis?.bind(context);
    const fifo = options.fifo ?? records.some((r) => r.eventSourceARN?.endsWith('.fifo'));
    const failed = fifo
      ? await runFifo(records, options.runner, remainingTimeMs)
      : redelivered(await options.runner.runBatch(records.map(toMessage), { remainingTimeMs }));
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
