import type { InboundMessage, MessageOutcome, TriggerOptions } from '@celery-cloud/core';
import type { LambdaContextLike, SQSBatchResponse, SQSEvent, SQSRecord, SqsHandler } from './types.js';

/** Options of the SQS trigger. */
export interface SqsTriggerOptions extends TriggerOptions {
  /** Treat the queue as FIFO; by default decided by an `eventSourceARN` ending in `.fifo`. */
  fifo?: boolean;
  /**
   * Keep a message handed back because its eta is not reached invisible until due (e.g.
   * {@link sqsHoldUntilDue}); without it the message returns after the queue's visibility timeout.
   * A failing hold is ignored: the message then simply returns earlier and is deferred again.
   */
  holdUntilDue?: (record: SQSRecord, delaySeconds: number) => Promise<void>;
}

function toMessage(record: SQSRecord): InboundMessage {
  return {
    messageId: record.messageId,
    transport: 'sqs',
    payload: record.body,
    receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1) || 1,
  };
}

type Redelivery = Extract<MessageOutcome, { action: 'redeliver' }>;

const redelivered = (outcomes: MessageOutcome[]): Redelivery[] =>
  outcomes.filter((o): o is Redelivery => o.action === 'redeliver');

/** FIFO: groups run side by side; within a group in order, and after a failure the rest of the
 * group is handed back unrun so SQS redelivers it in order. */
async function runFifo(
  records: SQSRecord[],
  runner: TriggerOptions['runner'],
  remainingTimeMs?: () => number,
): Promise<Array<Pick<Redelivery, 'messageId' | 'delaySeconds'>>> {
  const groups = new Map<string, SQSRecord[]>();
  for (const r of records) {
    const id = r.attributes?.MessageGroupId ?? '';
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  const failed = await Promise.all(
    [...groups.values()].map(async (group) => {
      for (const [i, record] of group.entries()) {
        const outcomes = await runner.runBatch([toMessage(record)], { remainingTimeMs });
        const [failed] = redelivered(outcomes);
        if (failed) return [failed, ...group.slice(i + 1).map((r) => ({ messageId: r.messageId }))];
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
    const hold = options.holdUntilDue;
    if (hold) {
      const byId = new Map(records.map((r) => [r.messageId, r]));
      await Promise.all(
        failed.map(async ({ messageId, delaySeconds }) => {
          const record = byId.get(messageId);
          if (record && delaySeconds !== undefined) await hold(record, delaySeconds).catch(() => undefined);
        }),
      );
    }
    return { batchItemFailures: failed.map(({ messageId }) => ({ itemIdentifier: messageId })) };
  };
}
