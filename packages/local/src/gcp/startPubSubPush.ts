/**
 * A stand-in for the push subscription that delivers Pub/Sub messages to a CloudEvent function,
 * for local runs and tests, pulling with the worker's receive loop.
 */
import { type MessageOutcome, type PollStep, startPollLoop } from '@celery-cloud/core';
import { type PubSubDelivery, pubSubPollSource } from '@celery-cloud/gcp';
import type { Subscription } from '@google-cloud/pubsub';
import { boundedWait } from '../boundedWait.js';
import { errorLogger } from '../errorLogger.js';

/** The `messagePublished` CloudEvent data a push subscription delivers (Google's field names). */
export interface PushedMessageData {
  message: { data: string; attributes: Record<string, string>; messageId: string; publishTime: string };
  subscription: string;
  deliveryAttempt: number;
}

/** Options of {@link startPubSubPush}. */
export interface PubSubPushOptions {
  subscription: Subscription;
  /** The CloudEvent function, as functions-framework would call it. */
  handler: (event: { id: string; type: string; source: string; data: PushedMessageData }) => Promise<void>;
  /** Messages in flight at once (default 10). */
  concurrency?: number;
  /** The retry policy: backoff before a failed message comes again, doubling from this (default 0.5 s, rounded up to whole seconds)… */
  minimumBackoffSeconds?: number;
  /** …up to this (default 5 s). */
  maximumBackoffSeconds?: number;
  onError?: (error: unknown) => void;
}

/** A running delivery loop. */
export interface PubSubPush {
  /** Stop delivering and wait for the invocations in flight. */
  stop(): Promise<void>;
}

/**
 * Deliver a subscription's messages to a CloudEvent handler as Pub/Sub and functions-framework do,
 * on the Pub/Sub worker's own receive loop (`pubSubPollSource` and core's `startPollLoop`): a
 * `google.cloud.pubsub.topic.v1.messagePublished` event with `message.data` in base64, the
 * attributes and the delivery attempt; acknowledged when the handler resolves; when it throws,
 * its ack deadline set to an exponential backoff, after which Pub/Sub delivers it again (the
 * subscription's retry policy).
 *
 * @example
 * ```ts
 * const push = startPubSubPush({ subscription, handler: handlerFromEnv(env, { tasks }) });
 * await push.stop();
 * ```
 */
export function startPubSubPush(options: PubSubPushOptions): PubSubPush {
  const { subscription } = options;
  const attempts = new Map<string, number>();
  const min = (options.minimumBackoffSeconds ?? 0.5) * 1000;
  const max = (options.maximumBackoffSeconds ?? 5) * 1000;
  const logger = errorLogger(options.onError);

  const step: PollStep<PubSubDelivery> = {
    batchSize: 1,
    async run([received]): Promise<MessageOutcome[]> {
      // One message per invocation (batchSize 1); the loop never runs an empty batch.
      if (!received) return [];
      const { message: d, inbound } = received;
      const { messageId } = inbound;
      // The emulator counts no attempts without a dead-letter policy: the stand-in does.
      const attempt = d.deliveryAttempt ?? (attempts.get(messageId) ?? 0) + 1;
      attempts.set(messageId, attempt);
      const data: PushedMessageData = {
        message: { data: d.data, attributes: { ...d.attributes }, messageId, publishTime: d.publishTime },
        subscription: subscription.name,
        deliveryAttempt: attempt,
      };
      try {
        await options.handler({
          id: messageId,
          type: 'google.cloud.pubsub.topic.v1.messagePublished',
          source: `//pubsub.googleapis.com/${subscription.name}`,
          data,
        });
        attempts.delete(messageId);
        return [{ messageId, action: 'ack', taskId: null, state: null }];
      } catch (error) {
        if (!(error instanceof Error && error.name === 'RedeliveryRequested')) options.onError?.(error);
        // Ack deadlines are whole seconds.
        const backoffSeconds = Math.ceil(Math.min(max, min * 2 ** (attempt - 1)) / 1000);
        return [
          {
            messageId,
            action: 'redeliver',
            taskId: null,
            reason: 'the function threw',
            delaySeconds: backoffSeconds,
          },
        ];
      }
    },
  };

  const started = pubSubPollSource({
    pubsub: subscription.pubsub,
    subscription: subscription.name,
    // The local stack's subscription is filtered to its queue: every message is the function's.
    queues: null,
    waitTimeSeconds: 1,
    logger,
  }).then((source) => ({
    source,
    loop: startPollLoop({
      source,
      step,
      concurrency: options.concurrency ?? 10,
      idleBackoff: { initialMs: 100, maxMs: 100 },
      errorBackoff: { initialMs: 100, maxMs: 5000 },
      logger,
    }),
  }));
  started.catch((error: unknown) => options.onError?.(error));

  return {
    async stop() {
      const running = await started.catch(() => null);
      if (running === null) return;
      await running.loop.stop();
      await boundedWait(running.source.close(), 5000);
    },
  };
}
