import { QueueClient, type QueueReceiveMessageOptions, type ReceivedMessageItem } from '@azure/storage-queue';
import {
  type PollLoop,
  type PollLoopOptions,
  type PollSource,
  type TriggerOptions,
  runnerStep,
  startPollLoop,
} from '@celery-cloud/core';

/** Azure caps a message's visibility timeout at 7 days. */
const MAX_VISIBILITY_SECONDS = 604_800;

/** The most messages one Storage Queue receive returns. */
const QUEUE_MAX_PER_RECEIVE = 32;

/** A received Storage Queue message; its pop receipt changes with every visibility update. */
export interface AzureDelivery {
  item: ReceivedMessageItem;
  popReceipt: string;
  /** The last visibility update, so ack and release use the newest pop receipt. */
  pending: Promise<unknown>;
}

/** Options of the Storage Queue poller. */
export interface AzureQueuePollerOptions
  extends Omit<PollLoopOptions<AzureDelivery>, 'source' | 'idleBackoff' | 'step'> {
  /** The storage account's connection string (`AzureWebJobsStorage`). */
  connectionString: string;
  /** The queue; its poison queue is `<queue>-poison`. */
  queueName: string;
  /** Runs each message and stores its outcome (`runnerFromEnv`). */
  runner: TriggerOptions['runner'];
  /** Lease of a received message, renewed by the heartbeat while its task runs (default 60 s). */
  visibilityTimeoutSeconds?: number;
  /** Deliveries before a failing message moves to the poison queue (the host's `maxDequeueCount`, default 5). */
  maxDequeueCount?: number;
  /** A message handed back without a delay is visible again after this many seconds (host.json's
   * `visibilityTimeout` between retries); by default when its lease ends. */
  retryDelaySeconds?: number;
  /** Empty receives back off exponentially from 250 ms up to this (the host's `maxPollingInterval`, default 60 s). */
  maxPollingIntervalMs?: number;
}

/**
 * The Storage Queue source of the poll loop, behaving as the Functions host's queue trigger:
 * receive with a visibility timeout, delete on ack, `updateMessage` visibility as the heartbeat
 * and to hold a message until its eta, and after `maxDequeueCount` deliveries the message moves to
 * `<queue>-poison` instead of running again.
 *
 * @example
 * ```ts
 * const source = azureQueuePollSource({ connectionString: process.env.AzureWebJobsStorage!, queueName: 'celery' });
 * ```
 */
export function azureQueuePollSource(
  options: Pick<
    AzureQueuePollerOptions,
    | 'connectionString'
    | 'queueName'
    | 'visibilityTimeoutSeconds'
    | 'maxDequeueCount'
    | 'retryDelaySeconds'
    | 'logger'
  >,
): PollSource<AzureDelivery> {
  const queue = new QueueClient(options.connectionString, options.queueName);
  const poisonQueue = new QueueClient(options.connectionString, `${options.queueName}-poison`);
  const visibility = options.visibilityTimeoutSeconds ?? 60;
  const maxDequeueCount = options.maxDequeueCount ?? 5;
  const setVisibility = (d: AzureDelivery, seconds: number) => {
    d.pending = d.pending
      .catch(() => undefined)
      .then(async () => {
        const answer = await queue.updateMessage(d.item.messageId, d.popReceipt, undefined, seconds);
        d.popReceipt = answer.popReceipt ?? d.popReceipt;
      });
    return d.pending;
  };
  const toPoison = async (d: AzureDelivery) => {
    await d.pending.catch(() => undefined);
    await poisonQueue.createIfNotExists();
    await poisonQueue.sendMessage(d.item.messageText);
    await queue.deleteMessage(d.item.messageId, d.popReceipt);
    options.logger?.log(
      'error',
      `message moved to ${poisonQueue.name} after ${d.item.dequeueCount} deliveries`,
      {
        messageId: d.item.messageId,
      },
    );
  };
  return {
    leaseMs: visibility * 1000,
    maxPerReceive: QUEUE_MAX_PER_RECEIVE,
    async receive(max, signal) {
      const request: QueueReceiveMessageOptions = {
        numberOfMessages: Math.min(Math.max(1, max), QUEUE_MAX_PER_RECEIVE),
        visibilityTimeout: visibility,
        abortSignal: signal,
      };
      const { receivedMessageItems } = await queue.receiveMessages(request);
      const deliveries = receivedMessageItems.map((item) => ({
        item,
        popReceipt: item.popReceipt,
        pending: Promise.resolve(),
      }));
      // Delivered too often already (workers that died mid-task): poison, unrun, as the host does.
      const live: AzureDelivery[] = [];
      for (const d of deliveries) {
        if (d.item.dequeueCount > maxDequeueCount) await toPoison(d);
        else live.push(d);
      }
      return live;
    },
    toInbound: (d) => ({
      messageId: d.item.messageId,
      transport: 'azure-queue',
      payload: d.item.messageText,
      receiveCount: d.item.dequeueCount,
    }),
    groupOf: () => null,
    async ack(d) {
      await d.pending.catch(() => undefined);
      await queue.deleteMessage(d.item.messageId, d.popReceipt);
    },
    async extend(d) {
      await setVisibility(d, visibility);
    },
    async release(d, delaySeconds) {
      if (delaySeconds !== null) {
        await setVisibility(d, Math.min(delaySeconds, MAX_VISIBILITY_SECONDS));
      } else if (d.item.dequeueCount >= maxDequeueCount) {
        await toPoison(d);
      } else if (options.retryDelaySeconds !== undefined) {
        await setVisibility(d, options.retryDelaySeconds);
      }
      // Otherwise the message reappears when its lease ends.
    },
  };
}

/**
 * A production Storage Queue worker for tasks of any length (`celery-cloud worker --provider
 * azure`): receives with a visibility timeout, backs off exponentially while the queue is empty
 * (capped at `maxPollingIntervalMs`), extends each message's visibility while its task runs,
 * deletes it once the outcome is stored, and moves it to `<queue>-poison` after
 * `maxDequeueCount` deliveries, as the Functions host does. `stop()` drains.
 *
 * @example
 * ```ts
 * const poller = createPoller({ connectionString, queueName: 'celery', runner: runnerFromEnv(process.env, { tasks }) });
 * process.once('SIGTERM', () => void poller.stop());
 * ```
 */
export function createPoller(options: AzureQueuePollerOptions): PollLoop {
  const {
    connectionString,
    queueName,
    runner,
    visibilityTimeoutSeconds,
    maxDequeueCount,
    retryDelaySeconds,
    maxPollingIntervalMs,
    ...loop
  } = options;
  return startPollLoop({
    ...loop,
    step: runnerStep(runner),
    idleBackoff: { initialMs: 250, maxMs: maxPollingIntervalMs ?? 60_000 },
    source: azureQueuePollSource({
      connectionString,
      queueName,
      ...(visibilityTimeoutSeconds === undefined ? {} : { visibilityTimeoutSeconds }),
      ...(maxDequeueCount === undefined ? {} : { maxDequeueCount }),
      ...(retryDelaySeconds === undefined ? {} : { retryDelaySeconds }),
      ...(loop.logger === undefined ? {} : { logger: loop.logger }),
    }),
  });
}
