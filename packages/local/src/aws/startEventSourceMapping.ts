import { createHash } from 'node:crypto';
import { type Message, type SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqsPollSource } from '@celery-cloud/aws';
import {
  CeleryCloudError,
  type MessageOutcome,
  type PollSource,
  onceUnlessFailed,
  startPollLoop,
} from '@celery-cloud/core';
import { errorLogger } from '../errorLogger.js';
import type { LocalSqsHandler, LocalSqsRecord } from './lambdaEvent.js';

/** What one invocation, or one receive's messages moved to the dead-letter queue, came to. */
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
  /** Pause between empty receives (and, doubling up to 5 s, after a failed one). Default 100 ms. */
  idlePollMs?: number;
  onBatch?: (report: BatchReport) => void;
  onError?: (error: unknown) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function toRecord(m: Message, queueUrl: string, region: string): LocalSqsRecord {
  const { MessageId: messageId, ReceiptHandle: receiptHandle } = m;
  // SQS gives every received message both; a record without them could not be settled.
  if (messageId === undefined || receiptHandle === undefined) {
    throw new CeleryCloudError('SQS delivered a message without its id or receipt handle');
  }
  const name = queueUrl.split('/').at(-1) ?? 'queue';
  const account = queueUrl.split('/').at(-2) ?? '000000000000';
  return {
    messageId,
    receiptHandle,
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
 * The production SQS source, as Lambda's poller uses the queue: short receives (local-aws-sqs
 * holds a long poll until `MaxNumberOfMessages` are there), gathered for up to the batching
 * window, and the queue's redrive policy applied (messages received more than `maxReceiveCount`
 * times move to the dead-letter queue unrun). No FIFO grouping: a Lambda batch keeps its order.
 */
function mappingSource(options: EventSourceMappingOptions, stopped: () => boolean): PollSource<Message> {
  const { sqs, queueUrl } = options;
  const source = sqsPollSource({
    sqs,
    queueUrl,
    waitTimeSeconds: 0,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
  });
  const deadLetter = async (messages: Message[]): Promise<Message[]> => {
    const dl = options.deadLetter;
    if (!dl) return messages;
    const tooMany = (m: Message) => Number(m.Attributes?.ApproximateReceiveCount ?? 1) > dl.maxReceiveCount;
    const moving = messages.filter(tooMany);
    for (const m of moving) {
      await sqs.send(new SendMessageCommand({ QueueUrl: dl.queueUrl, MessageBody: m.Body ?? '' }));
      await source.ack(m);
    }
    if (moving.length > 0) {
      options.onBatch?.({ received: moving.length, failedMessageIds: [], deadLettered: moving.length });
    }
    return messages.filter((m) => !tooMany(m));
  };
  return {
    ...source,
    groupOf: () => null,
    async receive(max, signal) {
      const batch = await source.receive(max, signal);
      const until = Date.now() + (options.maximumBatchingWindowMs ?? 0);
      while (batch.length > 0 && batch.length < max && Date.now() < until && !stopped()) {
        const more = await source.receive(max - batch.length, signal);
        if (more.length === 0) await sleep(20);
        batch.push(...more);
      }
      return deadLetter(batch);
    },
  };
}

/**
 * Deliver an SQS queue to a handler the way Lambda's SQS event source mapping does, with
 * `ReportBatchItemFailures`, on the SQS worker's own receive loop (`sqsPollSource` and core's
 * `startPollLoop`): receive a batch, invoke the handler with a real-shaped `SQSEvent`, delete only
 * the messages not reported in `batchItemFailures` (a thrown error fails the whole batch) while the
 * next batch, received meanwhile, runs (one invocation at a time), let
 * failed ones reappear after their visibility timeout, and move messages received more than
 * `maxReceiveCount` times to the dead-letter queue. `stop()` stops receiving and waits for the
 * batches in flight, so nothing is lost on shutdown.
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
  // The client's region is resolved once, not on every batch (again after a failure).
  const regionOf = onceUnlessFailed(async () => (await sqs.config.region()) ?? 'us-east-1');
  const idleMs = options.idlePollMs ?? 100;
  const loop = startPollLoop<Message>({
    source: mappingSource(options, () => stopped),
    // One invocation at a time. Lambda's pollers receive apart from the function (several of
    // them), so the next batch is in hand when an invocation returns, and a finished batch is
    // deleted while the next one runs. The slot is the invocation; slot plus prefetch is counted
    // in messages: two batches at most, besides one whose delete is out.
    concurrency: 1,
    prefetch: 2 * batchSize - 1,
    idleBackoff: { initialMs: idleMs, maxMs: idleMs },
    errorBackoff: { initialMs: idleMs, maxMs: 5000 },
    logger: errorLogger(options.onError),
    step: {
      batchSize,
      async run(batch): Promise<MessageOutcome[]> {
        const awsRegion = await regionOf();
        const event = { Records: batch.map((r) => toRecord(r.message, queueUrl, awsRegion)) };
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
          failed = new Set(batch.map((r) => r.inbound.messageId));
        }
        options.onBatch?.({ received: batch.length, failedMessageIds: [...failed], deadLettered: 0 });
        return batch.map(({ inbound: { messageId } }) =>
          failed.has(messageId)
            ? { messageId, action: 'redeliver', taskId: null, reason: 'reported in batchItemFailures' }
            : { messageId, action: 'ack', taskId: null, state: null },
        );
      },
    },
  });

  return {
    async stop() {
      stopped = true;
      await loop.stop();
    },
  };
}
