import { createHash } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { LocalSqsHandler, LocalSqsRecord } from './lambdaEvent.js';

/** What one delivered batch came to. */
export interface BatchReport {
  received: number;
  /** Messages reported in `batchItemFailures` (or all, when the handler threw). */
  failedMessageIds: string[];
  /** Messages moved to the dead-letter queue instead of being delivered. */
  deadLettered: number;
}

/** Options of {@link startEventSourceMapping}, named as Lambda's event source mapping names them. */
export interface EventSourceMappingOptions {
  sqs: SQSClient;
  queueUrl: string;
  handler: LocalSqsHandler;
  /** Most messages per batch (Lambda: 1-10,000; SQS receives at most 10 per call). Default 10. */
  batchSize?: number;
  /** Keep gathering messages this long before invoking with a partial batch. Default 0. */
  maximumBatchingWindowMs?: number;
  /** Visibility timeout given to received messages. Default 30 s. */
  visibilityTimeoutSeconds?: number;
  /** Messages received more than `maxReceiveCount` times go here instead of to the handler. */
  deadLetter?: { queueUrl: string; maxReceiveCount: number };
  /** The function timeout the handler sees through `getRemainingTimeInMillis`. Default 60 s. */
  functionTimeoutMs?: number;
  /** Pause between empty receives. Default 100 ms. */
  idlePollMs?: number;
  onBatch?: (report: BatchReport) => void;
  onError?: (error: unknown) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A received message: SQS always gives its id and receipt handle. */
type Received = Message & { MessageId: string; ReceiptHandle: string };
const isReceived = (m: Message): m is Received => m.MessageId !== undefined && m.ReceiptHandle !== undefined;

function toRecord(m: Received, queueUrl: string, region: string): LocalSqsRecord {
  const name = queueUrl.split('/').at(-1) ?? 'queue';
  const account = queueUrl.split('/').at(-2) ?? '000000000000';
  return {
    messageId: m.MessageId,
    receiptHandle: m.ReceiptHandle,
    body: m.Body ?? '',
    attributes: { ...m.Attributes },
    messageAttributes: { ...m.MessageAttributes },
    md5OfBody:
      m.MD5OfBody ??
      createHash('md5')
        .update(m.Body ?? '')
        .digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${region}:${account}:${name}`,
    awsRegion: region,
  };
}

/**
 * Deliver an SQS queue to a handler the way Lambda's SQS event source mapping does, with
 * `ReportBatchItemFailures`: receive a batch, invoke the handler with a real-shaped `SQSEvent`,
 * delete only the messages not reported in `batchItemFailures` (a thrown error fails the whole
 * batch), let failed ones reappear after their visibility timeout, and move messages received
 * more than `maxReceiveCount` times to the dead-letter queue. `stop()` stops receiving and waits
 * for the batch in flight, so nothing is lost on shutdown.
 *
 * @example
 * ```ts
 * const mapping = startEventSourceMapping({ sqs, queueUrl, handler: handlerFromEnv(process.env) });
 * process.once('SIGTERM', () => void mapping.stop());
 * ```
 */
export function startEventSourceMapping(options: EventSourceMappingOptions): { stop(): Promise<void> } {
  const batchSize = Math.min(options.batchSize ?? 10, 10_000);
  const { sqs, queueUrl } = options;
  let stopped = false;
  let wake: (() => void) | null = null;
  let region: Promise<string> | undefined;
  // The client's region is resolved once, not on every batch.
  const regionOf = () => {
    region ??= Promise.resolve(sqs.config.region()).then((r) => r ?? 'us-east-1');
    return region;
  };

  const receive = async (max: number): Promise<Received[]> => {
    const r = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(max, 10),
        // local-aws-sqs holds a long poll until MaxNumberOfMessages are there: poll short.
        WaitTimeSeconds: 0,
        VisibilityTimeout: options.visibilityTimeoutSeconds ?? 30,
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    return (r.Messages ?? []).filter(isReceived);
  };

  const gather = async (): Promise<Received[]> => {
    const batch = await receive(batchSize);
    const until = Date.now() + (options.maximumBatchingWindowMs ?? 0);
    while (batch.length > 0 && batch.length < batchSize && Date.now() < until && !stopped) {
      const more = await receive(batchSize - batch.length);
      if (more.length === 0) await sleep(20);
      batch.push(...more);
    }
    return batch;
  };

  const remove = async (messages: Received[]) => {
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
  };

  const deadLetter = async (messages: Received[]): Promise<Received[]> => {
    const dl = options.deadLetter;
    if (!dl) return messages;
    const tooMany = (m: Message) => Number(m.Attributes?.ApproximateReceiveCount ?? 1) > dl.maxReceiveCount;
    const moving = messages.filter(tooMany);
    for (const m of moving) {
      await sqs.send(new SendMessageCommand({ QueueUrl: dl.queueUrl, MessageBody: m.Body ?? '' }));
    }
    await remove(moving);
    return messages.filter((m) => !tooMany(m));
  };

  const deliver = async (messages: Received[]) => {
    const live = await deadLetter(messages);
    const report: BatchReport = {
      received: messages.length,
      failedMessageIds: [],
      deadLettered: messages.length - live.length,
    };
    if (live.length > 0) {
      const region = await regionOf();
      const event = { Records: live.map((m) => toRecord(m, queueUrl, region)) };
      const deadline = Date.now() + (options.functionTimeoutMs ?? 60_000);
      let failed: Set<string>;
      try {
        const answer = await options.handler(event, {
          functionName: 'celery-cloud-local',
          getRemainingTimeInMillis: () => deadline - Date.now(),
        });
        failed = new Set((answer?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        options.onError?.(error);
        failed = new Set(live.map((m) => m.MessageId));
      }
      await remove(live.filter((m) => !failed.has(m.MessageId)));
      report.failedMessageIds = [...failed];
    }
    options.onBatch?.(report);
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        const batch = await gather();
        if (batch.length > 0) {
          await deliver(batch);
          continue;
        }
      } catch (error) {
        options.onError?.(error);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, options.idlePollMs ?? 100);
      });
      wake = null;
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
