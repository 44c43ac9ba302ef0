import { randomUUID } from 'node:crypto';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { ConfigError, type KombuEnvelope, type Publisher, wrapForTransport } from '@celery-cloud/core';

/** Options of the SQS publisher. */
export interface SqsPublisherOptions {
  /** The queue for every Celery queue name not in `queueUrls`. */
  queueUrl?: string;
  /** Celery queue name → SQS queue URL, like kombu's `predefined_queues`. */
  queueUrls?: Record<string, string>;
  client?: SQSClient;
  /** Base64 the envelope (kombu's default `sqs_base64_encoding`). */
  sqsBase64?: boolean;
}

/** SQS caps `DelaySeconds` at 15 minutes; longer waits are re-delayed until due. */
const SQS_MAX_DELAY_SECONDS = 900;

/**
 * A {@link Publisher} on SQS for retries, deferred eta/countdown and follow-up messages. Messages
 * are wrapped as kombu wraps them; FIFO queues get `MessageGroupId`/`MessageDeduplicationId` as
 * kombu sends them (spec 5.1), and no delay (FIFO queues have no per-message delay).
 *
 * @example
 * ```ts
 * const publisher = createPublisher({ queueUrl: process.env.CELERY_CLOUD_QUEUE_URL });
 * await publisher.publish(envelope, { queue: 'celery', delaySeconds: 30 });
 * ```
 */
export function createPublisher(options: SqsPublisherOptions = {}): Publisher {
  const client = options.client ?? new SQSClient({});
  const urlFor = (queue: string): string => {
    const url = options.queueUrls?.[queue] ?? options.queueUrl;
    if (!url) throw new ConfigError(`no SQS queue URL for Celery queue ${JSON.stringify(queue)}`);
    return url;
  };
  return {
    maxDelaySeconds: SQS_MAX_DELAY_SECONDS,
    async publish(envelope: KombuEnvelope, { queue, delaySeconds }) {
      const QueueUrl = urlFor(queue);
      const fifo = QueueUrl.endsWith('.fifo');
      const props = envelope.properties;
      await client.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody: wrapForTransport(envelope, 'sqs', { sqsBase64: options.sqsBase64 ?? true }),
          ...(fifo
            ? {
                MessageGroupId: String(props.MessageGroupId ?? 'default'),
                MessageDeduplicationId: String(props.MessageDeduplicationId ?? randomUUID()),
              }
            : delaySeconds
              ? { DelaySeconds: Math.min(Math.max(0, Math.ceil(delaySeconds)), SQS_MAX_DELAY_SECONDS) }
              : {}),
        }),
      );
    },
  };
}
