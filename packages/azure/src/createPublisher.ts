/**
 * Publishing Celery messages to Azure Storage Queues, as kombu's `azurestoragequeues` transport does.
 */
import type { QueueServiceClient } from '@azure/storage-queue';
import {
  type KombuEnvelope,
  MessageTooLarge,
  type Publisher,
  onceUnlessFailed,
  wrapForTransport,
} from '@celery-cloud/core';
import { azureQueueName } from './parseAzureBlockBlobUrl.js';

/** The queue service of a connection string, the SDK imported on first use (a chunk in a bundle). */
async function serviceOf(connectionString: string): Promise<QueueServiceClient> {
  const { QueueServiceClient } = await import('@azure/storage-queue');
  return QueueServiceClient.fromConnectionString(connectionString);
}

/** Options of the Storage Queue publisher. */
export interface StorageQueuePublisherOptions {
  /** An Azure Storage connection string (the Functions app's `AzureWebJobsStorage`). */
  connectionString?: string;
  /** A Celery broker URL, `azurestoragequeues://<account key>@https://<account>.queue.core.windows.net/`. */
  url?: string;
  client?: QueueServiceClient;
  /** kombu's `queue_name_prefix`. */
  queueNamePrefix?: string;
}

/** A message stays invisible at most 7 days; longer waits are re-delayed until due. */
const MAX_VISIBILITY_SECONDS = 7 * 24 * 3600;
/** The largest Azure Storage Queue message: 64 KiB. */
const AZURE_MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * A {@link Publisher} on Azure Storage Queues for retries, deferred eta/countdown and canvas
 * messages: the envelope as plain JSON text (kombu 5.3+, docs/protocol.md §5.2), to the queue kombu would name,
 * delayed with the message's initial visibility timeout (up to 7 days). Without `client`, the
 * Storage Queue SDK is loaded and the client made on the first publish.
 *
 * @example
 * ```ts
 * const publisher = createPublisher({ connectionString: process.env.AzureWebJobsStorage });
 * await publisher.publish(envelope, { queue: 'celery', delaySeconds: 3600 });
 * ```
 */
export function createPublisher(options: StorageQueuePublisherOptions = {}): Publisher {
  // Without a client given, the SDK is loaded on the first publish: a function that never
  // publishes never loads it, which keeps it out of the bundle's cold start.
  const serviceReady = onceUnlessFailed(
    async (): Promise<QueueServiceClient> =>
      options.client ?? serviceOf(options.connectionString ?? 'UseDevelopmentStorage=true'),
  );
  return {
    maxDelaySeconds: MAX_VISIBILITY_SECONDS,
    async publish(envelope: KombuEnvelope, { queue, delaySeconds }) {
      const text = wrapForTransport(envelope, 'azure-queue');
      const bytes = Buffer.byteLength(text);
      if (bytes > AZURE_MAX_MESSAGE_BYTES)
        throw new MessageTooLarge(
          `a message of ${bytes} bytes for queue ${queue} exceeds the Azure Storage Queue limit of 64 KiB`,
        );
      const client = (await serviceReady()).getQueueClient(azureQueueName(queue, options.queueNamePrefix));
      try {
        await client.sendMessage(text, {
          ...(delaySeconds
            ? { visibilityTimeout: Math.min(Math.ceil(delaySeconds), MAX_VISIBILITY_SECONDS) }
            : {}),
        });
      } catch (error) {
        const e = error as { statusCode?: number; code?: string; message?: string };
        if (e.statusCode === 413 || e.code === 'RequestBodyTooLarge')
          throw new MessageTooLarge(
            `a message of ${bytes} bytes for queue ${queue} is refused: ${e.message}`,
          );
        throw error;
      }
    },
  };
}
