import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import {
  CeleryCloudError,
  type InboundMessage,
  type PollLoop,
  type PollLoopOptions,
  type PollSource,
  type TriggerOptions,
  runnerStep,
  startPollLoop,
} from '@celery-cloud/core';
import { directSqsCalls } from './directSqsCalls.js';
import { sqsDeleteBatcher } from './sqsDeleteBatcher.js';

/** The most messages one SQS `ReceiveMessage` returns. */
const SQS_MAX_PER_RECEIVE = 10;

/** A field SQS gives every received message; one without it cannot be settled. */
function received(message: Message, field: 'MessageId' | 'ReceiptHandle'): string {
  const value = message[field];
  if (value === undefined) throw new CeleryCloudError(`SQS delivered a message without its ${field}`);
  return value;
}

/** SQS caps a message's visibility at 12 hours from its receipt. */
const SQS_MAX_VISIBILITY_SECONDS = 43_200;

/** Options of the SQS poller. */
export interface SqsPollerOptions extends Omit<PollLoopOptions<Message>, 'source' | 'idleBackoff' | 'step'> {
  sqs: SQSClient;
  queueUrl: string;
  /** Runs each message and stores its outcome (`runnerFromEnv`). */
  runner: TriggerOptions['runner'];
  /** Long-poll wait of one receive, 0-20 s (default 20: an idle worker asks once per 20 s). */
  waitTimeSeconds?: number;
  /** Visibility of a received message, renewed by the heartbeat while its task runs (default 60 s). */
  visibilityTimeoutSeconds?: number;
  /** FIFO: keep message groups in order; by default decided by a queue URL ending in `.fifo`. */
  fifo?: boolean;
}

/**
 * The SQS source of the poll loop: long polls of up to 10 messages, deletes on ack gathered into
 * `DeleteMessageBatch` calls (see {@link sqsDeleteBatcher}),
 * `ChangeMessageVisibility` as the heartbeat, and for a message whose eta is not reached (a FIFO
 * queue cannot delay a republished message) the message kept invisible until due. Each of these
 * calls goes direct, without the SDK's per-call middleware, where it can (see {@link directSqsCalls}).
 *
 * @example
 * ```ts
 * const source = sqsPollSource({ sqs, queueUrl, waitTimeSeconds: 20, visibilityTimeoutSeconds: 60 });
 * ```
 */
export function sqsPollSource(
  options: Pick<
    SqsPollerOptions,
    'sqs' | 'queueUrl' | 'waitTimeSeconds' | 'visibilityTimeoutSeconds' | 'fifo'
  >,
): PollSource<Message> {
  const { sqs, queueUrl } = options;
  const visibility = options.visibilityTimeoutSeconds ?? 60;
  const fifo = options.fifo ?? queueUrl.endsWith('.fifo');
  const receivedAt = new WeakMap<Message, number>();
  const calls = directSqsCalls(sqs, queueUrl);
  const deleteMessage = sqsDeleteBatcher({ deleteMessageBatch: calls.deleteMessageBatch });
  const setVisibility = (message: Message, seconds: number) =>
    calls.changeMessageVisibility(received(message, 'ReceiptHandle'), seconds);
  return {
    leaseMs: visibility * 1000,
    maxPerReceive: SQS_MAX_PER_RECEIVE,
    async receive(max, signal) {
      const messages = await calls.receiveMessage(
        {
          MaxNumberOfMessages: Math.min(Math.max(1, max), SQS_MAX_PER_RECEIVE),
          WaitTimeSeconds: options.waitTimeSeconds ?? 20,
          VisibilityTimeout: visibility,
          // 'All' rather than MessageSystemAttributeNames: local-aws-sqs ignores the latter.
          AttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        },
        signal,
      );
      for (const m of messages) receivedAt.set(m, Date.now());
      return messages;
    },
    toInbound(m): InboundMessage {
      return {
        messageId: received(m, 'MessageId'),
        transport: 'sqs',
        payload: m.Body ?? '',
        receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1) || 1,
      };
    },
    groupOf: (m) => (fifo ? (m.Attributes?.MessageGroupId ?? '') : null),
    async ack(m) {
      await deleteMessage(received(m, 'ReceiptHandle'));
    },
    async extend(m) {
      await setVisibility(m, visibility);
    },
    async release(m, delaySeconds) {
      // Without a delay the message reappears when its visibility ends, as after a Lambda failure.
      if (delaySeconds === null) return;
      const held = Math.floor((Date.now() - (receivedAt.get(m) ?? Date.now())) / 1000);
      // Up to the 12-hour cap; a message due later comes back then and is hidden again.
      await setVisibility(m, Math.max(0, Math.min(delaySeconds, SQS_MAX_VISIBILITY_SECONDS - held - 1)));
    },
  };
}

/**
 * A production SQS worker for tasks of any length (`celery-cloud worker --provider aws`): long
 * polling, at most `concurrency` tasks in flight, each message's visibility extended while its task
 * runs, deleted once the outcome is stored, redelivered by visibility otherwise, FIFO groups kept
 * in order, eta on FIFO queues without a republish loop. `stop()` drains.
 *
 * @example
 * ```ts
 * const poller = createPoller({ sqs: new SQSClient({}), queueUrl, runner: runnerFromEnv(process.env, { tasks }) });
 * process.once('SIGTERM', () => void poller.stop());
 * ```
 */
export function createPoller(options: SqsPollerOptions): PollLoop {
  const { sqs, queueUrl, runner, waitTimeSeconds, visibilityTimeoutSeconds, fifo, ...loop } = options;
  return startPollLoop({
    ...loop,
    step: runnerStep(runner),
    source: sqsPollSource({
      sqs,
      queueUrl,
      ...(waitTimeSeconds === undefined ? {} : { waitTimeSeconds }),
      ...(visibilityTimeoutSeconds === undefined ? {} : { visibilityTimeoutSeconds }),
      ...(fifo === undefined ? {} : { fifo }),
    }),
  });
}
