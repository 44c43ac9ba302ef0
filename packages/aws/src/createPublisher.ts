import { randomUUID } from 'node:crypto';
import { GetQueueUrlCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { KombuEnvelope, Publisher } from '@celery-cloud/core';
import { ConfigError, MessageTooLarge, wrapForTransport } from '@celery-cloud/core';
import { parseSqsUrl, sqsQueueName } from './parseSqsUrl.js';
import { SDK_CLIENT_DEFAULTS } from './sdkClientDefaults.js';

/** Options of the SQS publisher. */
export interface SqsPublisherOptions {
  /** The queue for every Celery queue name not in `queueUrls`. */
  queueUrl?: string;
  /** Celery queue name → SQS queue URL, like kombu's `predefined_queues`. Other queues are looked
   * up by kombu's queue name (`GetQueueUrl`), unless `queueUrl` is set. */
  queueUrls?: Record<string, string>;
  /** Kombu's `queue_name_prefix` for looked-up queues. */
  queueNamePrefix?: string;
  /** A Celery broker URL, `sqs://[key:secret@][host[:port]]`, for the client this creates. */
  url?: string;
  /** The region of that client (kombu's `region` transport option); default: `us-east-1` for a
   * local endpoint, else the SDK's. */
  region?: string;
  client?: SQSClient;
  /** Base64 the envelope (kombu's default `sqs_base64_encoding`). */
  sqsBase64?: boolean;
}

function clientFromUrl(url: string | undefined, region: string | undefined): SQSClient {
  if (!url) return new SQSClient({ ...SDK_CLIENT_DEFAULTS, ...(region ? { region } : {}) });
  const { endpoint, accessKeyId, secretAccessKey } = parseSqsUrl(url);
  // A local endpoint ignores the region, but the SDK insists on one.
  const localRegion = endpoint && !region ? 'us-east-1' : undefined;
  return new SQSClient({
    ...SDK_CLIENT_DEFAULTS,
    ...(region || localRegion ? { region: region ?? localRegion } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  });
}

/** The largest SQS message body (1 MiB); a queue's `MaximumMessageSize` may set less. */
const SQS_MAX_MESSAGE_BYTES = 1024 * 1024;

/** SQS's refusal of a message for its size as {@link MessageTooLarge}; any other error as is. */
function messageTooLarge(error: unknown, bytes: number, queue: string): unknown {
  const e = error as { name?: string; Code?: string; message?: string };
  if (/shorter than|too long|MessageTooLong/i.test(`${e.name} ${e.Code} ${e.message}`))
    return new MessageTooLarge(
      `a message of ${bytes} bytes for queue ${queue} is refused by SQS: ${e.message}`,
    );
  return error;
}

/** SQS caps `DelaySeconds` at 15 minutes; longer waits are re-delayed until due. */
const SQS_MAX_DELAY_SECONDS = 900;

/**
 * A {@link Publisher} on SQS for retries, deferred eta/countdown and follow-up messages. Messages
 * are wrapped as kombu wraps them; FIFO queues get `MessageGroupId`/`MessageDeduplicationId` as
 * kombu sends them (docs/protocol.md §5.1), and no delay (FIFO queues have no per-message delay):
 * a publisher whose configured queues are all FIFO says `maxDelaySeconds` 0.
 *
 * @example
 * ```ts
 * const publisher = createPublisher({ url: 'sqs://', queueUrls: { celery: process.env.CELERY_CLOUD_QUEUE_URL! } });
 * await publisher.publish(envelope, { queue: 'celery', delaySeconds: 30 });
 * ```
 */
export function createPublisher(options: SqsPublisherOptions = {}): Publisher {
  const client = options.client ?? clientFromUrl(options.url, options.region);
  const lookedUp = new Map<string, Promise<string>>();
  // Queue names come from messages (routing keys, signature options): `constructor` is a queue name.
  const predefined = new Map(Object.entries(options.queueUrls ?? {}));
  const urlFor = (queue: string): Promise<string> => {
    const url = predefined.get(queue) ?? options.queueUrl;
    if (url) return Promise.resolve(url);
    let found = lookedUp.get(queue);
    if (!found) {
      const QueueName = sqsQueueName(queue, options.queueNamePrefix);
      found = client.send(new GetQueueUrlCommand({ QueueName })).then(({ QueueUrl }) => {
        if (!QueueUrl) throw new ConfigError(`SQS named no URL for the queue ${QueueName}`);
        return QueueUrl;
      });
      found.catch(() => lookedUp.delete(queue));
      lookedUp.set(queue, found);
    }
    return found;
  };
  const configured = [options.queueUrl, ...Object.values(options.queueUrls ?? {})].filter(
    (url): url is string => url !== undefined,
  );
  // FIFO queues cannot delay a message: the runner then hands an early message back with its
  // delay, and the trigger keeps it invisible until due, instead of republishing it at once.
  const fifoOnly = configured.length > 0 && configured.every((url) => url.endsWith('.fifo'));
  return {
    maxDelaySeconds: fifoOnly ? 0 : SQS_MAX_DELAY_SECONDS,
    async publish(envelope: KombuEnvelope, { queue, delaySeconds }) {
      const MessageBody = wrapForTransport(envelope, 'sqs', { sqsBase64: options.sqsBase64 ?? true });
      const bytes = Buffer.byteLength(MessageBody);
      if (bytes > SQS_MAX_MESSAGE_BYTES)
        throw new MessageTooLarge(
          `a message of ${bytes} bytes for queue ${queue} exceeds the SQS limit of ${SQS_MAX_MESSAGE_BYTES} bytes`,
        );
      const QueueUrl = await urlFor(queue);
      const fifo = QueueUrl.endsWith('.fifo');
      const props = envelope.properties;
      const send = client.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody,
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
      await send.catch((error: unknown) => {
        throw messageTooLarge(error, bytes, queue);
      });
    },
  };
}
