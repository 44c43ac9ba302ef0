/**
 * A stand-in for the push subscription that delivers Pub/Sub messages to a CloudEvent function,
 * for local runs and tests.
 */
import type { Message, Subscription } from '@google-cloud/pubsub';
import { boundedWait } from '../boundedWait.js';

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
  /** The retry policy: backoff before a failed message comes again, doubling from this (default 0.5 s)… */
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
 * Deliver a subscription's messages to a CloudEvent handler as Pub/Sub and functions-framework do:
 * a `google.cloud.pubsub.topic.v1.messagePublished` event with `message.data` in base64, the
 * attributes and the delivery attempt; acknowledged when the handler resolves; redelivered after
 * an exponential backoff when it throws (the subscription's retry policy).
 *
 * @example
 * ```ts
 * const push = startPubSubPush({ subscription, handler: handlerFromEnv(env, { tasks }) });
 * await push.stop();
 * ```
 */
export function startPubSubPush(options: PubSubPushOptions): PubSubPush {
  const attempts = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  const min = (options.minimumBackoffSeconds ?? 0.5) * 1000;
  const max = (options.maximumBackoffSeconds ?? 5) * 1000;
  const subscription = options.subscription;
  subscription.setOptions({
    flowControl: { maxMessages: options.concurrency ?? 10, allowExcessMessages: false },
  });

  const deliver = async (message: Message) => {
    const attempt = (attempts.get(message.id) ?? 0) + 1;
    attempts.set(message.id, attempt);
    const data: PushedMessageData = {
      message: {
        data: message.data.toString('base64'),
        attributes: { ...message.attributes },
        messageId: message.id,
        publishTime: message.publishTime.toISOString(),
      },
      subscription: subscription.name,
      deliveryAttempt: attempt,
    };
    try {
      await options.handler({
        id: message.id,
        type: 'google.cloud.pubsub.topic.v1.messagePublished',
        source: `//pubsub.googleapis.com/${subscription.name}`,
        data,
      });
      attempts.delete(message.id);
      message.ack();
    } catch (error) {
      if (!(error instanceof Error && error.name === 'RedeliveryRequested')) options.onError?.(error);
      await new Promise((resolve) => setTimeout(resolve, Math.min(max, min * 2 ** (attempt - 1))));
      message.nack();
    }
  };

  const onMessage = (message: Message) => {
    const run = deliver(message).finally(() => inFlight.delete(run));
    inFlight.add(run);
  };
  subscription.on('message', onMessage);
  subscription.on('error', (error) => options.onError?.(error));

  return {
    async stop() {
      subscription.removeListener('message', onMessage);
      await Promise.all(inFlight);
      await boundedWait(subscription.close(), 5000);
    },
  };
}
