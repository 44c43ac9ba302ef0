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
 * together instead of one `DeleteMessage` each. A batch goes out when it holds 10, when no other
 * message is still running (`running()`: received, not yet being deleted or handed back) that
 * could join it, or `waitMs` after its first delete. Each returned promise settles with its own
 * entry's answer, so a message is acknowledged only once SQS said it is deleted.
 *
 * @example
 * ```ts
 * const del = sqsDeleteBatcher({ sqs, queueUrl, running: () => running, waitMs: 10 });
 * await del(message.ReceiptHandle!);
 * ```
 */
export function sqsDeleteBatcher(options: {
  sqs: SQSClient;
  queueUrl: string;
  running: () => number;
  waitMs: number;
}): (receiptHandle: string) => Promise<void> {
  let pending: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;

  const send = async (batch: Pending[]) => {
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
    }
  };

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = [];
    void send(batch);
  };

  return (receiptHandle) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ receiptHandle, resolve, reject });
      if (pending.length >= SQS_MAX_BATCH || options.running() === 0) flush();
      else timer ??= setTimeout(flush, options.waitMs);
    });
}
