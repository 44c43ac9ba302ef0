import {
  ConfigError,
  type KombuEnvelope,
  MessageTooLarge,
  type Publisher,
  onceUnlessFailed,
  wrapForTransport,
} from '@celery-cloud/core';
/**
 * Publishing Celery messages to Pub/Sub, as kombu's `gcpubsub` transport does.
 */
import type { ClientConfig, PubSub, Topic } from '@google-cloud/pubsub';
import { loadPubSubSdk } from './sdkModules.js';

/** The largest Pub/Sub message: 10 MB. */
const PUBSUB_MAX_MESSAGE_BYTES = 10_000_000;

/** Options of the Pub/Sub publisher. */
export interface PubSubPublisherOptions {
  pubsub?: PubSub;
  /** Settings of the client this creates without `pubsub` (the emulator's `apiEndpoint`, …). */
  clientConfig?: ClientConfig;
  /** A Celery broker URL, `gcpubsub://projects/<project>` (kombu 5.5+), for the client this creates. */
  url?: string;
  /** The topic: kombu names it after the exchange, Celery's default `celery`. */
  topic?: string;
}

/**
 * The project of a kombu `gcpubsub://projects/<project>` broker URL.
 *
 * @example
 * ```ts
 * gcpubsubProject('gcpubsub://projects/my-proj'); // 'my-proj'
 * ```
 */
export function gcpubsubProject(url: string): string {
  const [, project] = /^gcpubsub:\/\/projects\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/?$/.exec(url) ?? [];
  if (project === undefined) throw new ConfigError('expected a gcpubsub://projects/<project> broker URL');
  return project;
}

/**
 * A {@link Publisher} on Pub/Sub for retries, deferred eta and canvas messages: `data` = the
 * envelope JSON, attribute `routing_key` = the Celery queue, on the exchange's topic (docs/protocol.md §5.4).
 * Pub/Sub has no per-message delay (`maxDelaySeconds` 0): a message whose eta is not reached is
 * handed back unacknowledged and comes again after the subscription's retry backoff, so it never
 * runs early.
 *
 * @example
 * ```ts
 * const publisher = createPublisher({ topic: 'celery' });
 * await publisher.publish(envelope, { queue: 'celery' });
 * ```
 */
export function createPublisher(options: PubSubPublisherOptions = {}): Publisher {
  const config = {
    ...options.clientConfig,
    ...(options.url ? { projectId: gcpubsubProject(options.url) } : {}),
  };
  // Without a client given, the SDK is loaded on the first publish: a function that never
  // publishes never loads it, which keeps it out of the bundle's cold start (esbuild puts it in a chunk).
  const topicOf = onceUnlessFailed(async (): Promise<Topic> => {
    const pubsub = options.pubsub ?? new (await loadPubSubSdk()).PubSub(config);
    return pubsub.topic(options.topic ?? 'celery');
  });
  return {
    maxDelaySeconds: 0,
    async publish(envelope: KombuEnvelope, { queue }) {
      const { data_base64: data } = wrapForTransport(envelope, 'pubsub');
      const bytes = Buffer.from(data, 'base64');
      if (bytes.length > PUBSUB_MAX_MESSAGE_BYTES)
        throw new MessageTooLarge(
          `a message of ${bytes.length} bytes for queue ${queue} exceeds the Pub/Sub limit of 10 MB`,
        );
      await (await topicOf()).publishMessage({ data: bytes, attributes: { routing_key: queue } });
    },
  };
}
