/**
 * The SQS calls of the poller sent as direct JSON calls (see {@link directJsonCaller}):
 * `ReceiveMessage`, `DeleteMessageBatch` and `ChangeMessageVisibility`. Only a 200 answer is read
 * here; anything else is handed to the SDK's `send`.
 */
import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  type DeleteMessageBatchRequestEntry,
  type DeleteMessageBatchResult,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type ReceiveMessageRequest,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import {
  type DirectAnswer,
  type DirectRoute,
  type JsonProtocol,
  directJsonCaller,
} from './directJsonCall.js';

const SQS: JsonProtocol = {
  signingName: 'sqs',
  targetPrefix: 'AmazonSQS',
  headers: { 'x-amzn-query-mode': 'true' },
};

/** The poller's calls on one queue. */
export interface DirectSqsCalls {
  /** The messages received (the SDK's `Messages`, none when it has none). */
  receiveMessage(
    request: Omit<ReceiveMessageRequest, 'QueueUrl'>,
    abortSignal?: AbortSignal,
  ): Promise<Message[]>;
  deleteMessageBatch(entries: DeleteMessageBatchRequestEntry[]): Promise<DeleteMessageBatchResult>;
  changeMessageVisibility(receiptHandle: string, visibilityTimeout: number): Promise<void>;
}

/** The answer's JSON when SQS said 200; undefined otherwise (the SDK's send then decides). */
function okJson<T>({ statusCode, text }: DirectAnswer): T | undefined {
  return statusCode === 200 ? (JSON.parse(text || '{}') as T) : undefined;
}

const bytes = (base64: string) => Uint8Array.from(Buffer.from(base64, 'base64'));

/** A binary attribute value as the SDK gives it: bytes (a plain `Uint8Array`), not the wire's base64. */
function attributeValue(value: MessageAttributeValue): MessageAttributeValue {
  const binary = value.BinaryValue as unknown as string | undefined;
  const list = value.BinaryListValues as unknown as string[] | undefined;
  if (binary === undefined && list === undefined) return value;
  return {
    ...value,
    ...(binary === undefined ? {} : { BinaryValue: bytes(binary) }),
    ...(list === undefined ? {} : { BinaryListValues: list.map(bytes) }),
  };
}

const md5Hex = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** Received messages as the SDK gives them; undefined when a body does not match its MD5 (as the SDK checks). */
function receivedMessages(messages: Message[], checkMd5: boolean): Message[] | undefined {
  for (const m of messages) {
    if (checkMd5 && m.MD5OfBody !== md5Hex(m.Body ?? '')) return undefined;
    const attributes = m.MessageAttributes;
    if (attributes !== undefined)
      m.MessageAttributes = Object.fromEntries(
        Object.entries(attributes).map(([name, value]) => [name, attributeValue(value)]),
      );
  }
  return messages;
}

/**
 * The poller's SQS calls on `queueUrl` at about a third of the CPU of `client.send`: the answers
 * it reads (received messages, a batch's `Successful` and `Failed`, a changed visibility) come
 * from the direct call, anything else (an error, a throttle, an MD5 that does not match) from
 * the SDK's own call. Calls go direct only where the SDK would send them: the client's endpoint,
 * unless the SDK would use the queue URL's host instead (no endpoint given, and another host).
 *
 * @example
 * ```ts
 * const calls = directSqsCalls(new SQSClient({}), queueUrl);
 * const messages = await calls.receiveMessage({ MaxNumberOfMessages: 10, WaitTimeSeconds: 20 });
 * ```
 */
export function directSqsCalls(sqs: SQSClient, queueUrl: string): DirectSqsCalls {
  const sameHost = (route: DirectRoute) => {
    if (route.customEndpoint || sqs.config.useQueueUrlAsEndpoint === false) return true;
    try {
      return new URL(queueUrl).origin === route.url.origin;
    } catch {
      return false;
    }
  };
  const call = directJsonCaller(sqs, SQS, sameHost);
  return {
    receiveMessage(request, abortSignal) {
      const input = { QueueUrl: queueUrl, ...request };
      return call({
        operation: 'ReceiveMessage',
        body: JSON.stringify(input),
        read: (answer) => {
          const ok = okJson<{ Messages?: Message[] }>(answer);
          return ok && receivedMessages(ok.Messages ?? [], sqs.config.md5 !== false);
        },
        viaSdk: async () =>
          (await sqs.send(new ReceiveMessageCommand(input), { abortSignal })).Messages ?? [],
        abortSignal,
      });
    },
    deleteMessageBatch(entries) {
      const input = { QueueUrl: queueUrl, Entries: entries };
      return call({
        operation: 'DeleteMessageBatch',
        body: JSON.stringify(input),
        read: okJson<DeleteMessageBatchResult>,
        viaSdk: () => sqs.send(new DeleteMessageBatchCommand(input)),
      });
    },
    async changeMessageVisibility(receiptHandle, visibilityTimeout) {
      const input = {
        QueueUrl: queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: visibilityTimeout,
      };
      await call({
        operation: 'ChangeMessageVisibility',
        body: JSON.stringify(input),
        read: okJson<object>,
        viaSdk: () => sqs.send(new ChangeMessageVisibilityCommand(input)),
      });
    },
  };
}
