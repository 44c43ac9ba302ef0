import { DeleteMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** SQS deletes at most 10 messages per `DeleteMessageBatch`. */
const SQS_MAX_BATCH = 10;

/** A delete that SQS refused within a batch. */
export class SqsDeleteFailed extends Error {
  override name = 'SqsDeleteFailed';
}

interface Pending {
  receiptHandle: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Deletes gathered into `DeleteMessageBatch` calls: one call for the messages whose tasks finish
 * together instead of one `DeleteMessage` each, with no timer. A delete goes out at once when no
 * batch call is in flight; the deletes that come while one is in flight go out together when it
 * answers (or at once when 10 are waiting). Each returned promise settles with its own entry's
 * answer, so a message is acknowledged only once SQS said it is deleted.
 *
 * @example
 * ```ts
 * const del = sqsDeleteBatcher({ sqs, queueUrl });
 * await del(message.ReceiptHandle!);
 * ```
 */
export function sqsDeleteBatcher(options: {
  sqs: SQSClient;
  queueUrl: string;
}): (receiptHandle: string) => Promise<void> {
  let waiting: Pending[] = [];
  let inFlight = 0;

  const send = async (batch: Pending[]) => {
    inFlight += 1;
    try {
      const answer = await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: batch.map((p, i) => ({ Id: String(i), ReceiptHandle: p.receiptHandle })),
        }),
      );
      const failed = new Map((answer.Failed ?? []).map((f) => [f.Id, f]));
      batch.forEach((p, i) => {
        const f = failed.get(String(i));
        if (f) p.reject(new SqsDeleteFailed(`${f.Code ?? 'delete failed'}: ${f.Message ?? ''}`.trim()));
        else p.resolve();
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      inFlight -= 1;
      if (waiting.length > 0 && inFlight === 0) flush();
    }
  };

  const flush = () => {
    const batch = waiting;
    waiting = [];
    void send(batch);
  };

  return (receiptHandle) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ receiptHandle, resolve, reject });
      if (inFlight === 0 || waiting.length >= SQS_MAX_BATCH) flush();
    });
}
