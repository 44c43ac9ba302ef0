import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from './types.js';

/** SQS caps a message's visibility at 12 hours from its receipt. */
const SQS_MAX_VISIBILITY_SECONDS = 43_200;

/**
 * The queue URL of a Lambda SQS record: `queueUrl` when its name matches the record's queue, else
 * built from the record's ARN (`<endpoint>/<account>/<name>`, the SQS endpoint of the ARN's region
 * unless `endpoint` is given).
 *
 * @example
 * ```ts
 * queueUrlOfRecord(record, { queueUrl: process.env.CELERY_CLOUD_QUEUE_URL });
 * ```
 */
export function queueUrlOfRecord(record: SQSRecord, known: { queueUrl?: string; endpoint?: string }): string {
  const [, , , region, account, name] = record.eventSourceARN.split(':');
  if (known.queueUrl !== undefined && known.queueUrl.split('/').at(-1) === name) return known.queueUrl;
  const endpoint = known.endpoint ?? `https://sqs.${region}.amazonaws.com`;
  return `${endpoint.replace(/\/$/, '')}/${account}/${name}`;
}

/**
 * A `holdUntilDue` for {@link createTrigger}: keeps a not-yet-due message invisible with
 * `ChangeMessageVisibility` (at most 12 hours; a later eta comes back then and is held again), so
 * a FIFO queue, which cannot delay a republished message, does not bring it straight back.
 *
 * @example
 * ```ts
 * const handler = createTrigger({ runner, holdUntilDue: sqsHoldUntilDue(new SQSClient({}), { queueUrl }) });
 * ```
 */
export function sqsHoldUntilDue(
  sqs: SQSClient,
  known: { queueUrl?: string; endpoint?: string } = {},
): (record: SQSRecord, delaySeconds: number) => Promise<void> {
  return async (record, delaySeconds) => {
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrlOfRecord(record, known),
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: Math.max(0, Math.min(Math.ceil(delaySeconds), SQS_MAX_VISIBILITY_SECONDS)),
      }),
    );
  };
}
