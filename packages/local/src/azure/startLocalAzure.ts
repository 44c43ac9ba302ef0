/**
 * The Azure side of celery-cloud on this machine: Azurite, the task queue and the results container.
 */
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { DEVSTORE_ACCOUNT, DEVSTORE_ACCOUNT_KEY } from '@celery-cloud/azure';
import { startAzurite } from './startAzurite.js';

/** A running local Azure stack. */
export interface LocalAzure {
  connectionString: string;
  /** The Azure queue tasks arrive on (kombu's name for the Celery queue). */
  queue: string;
  container: string;
  /** The app settings `handlerFromEnv` reads, pointing at this stack. */
  env: Record<string, string>;
  /** A Python Celery 5.2 client's settings for this stack (its broker needs the Azurite shim). */
  python: { broker_url: string; backend_url: string; azurite_connection_string: string };
  stop(): Promise<void>;
}

/**
 * Start Azurite and create the queue, its poison queue and the results container.
 *
 * @example
 * ```ts
 * const azure = await startLocalAzure();
 * const host = startQueueHost({ connectionString: azure.connectionString, queue: azure.queue, handler: handlerFromEnv(azure.env, { tasks }) });
 * ```
 */
export async function startLocalAzure(
  options: { queue?: string; container?: string; port?: number } = {},
): Promise<LocalAzure> {
  const azurite = await startAzurite(options.port === undefined ? {} : { port: options.port });
  const queue = options.queue ?? 'celery';
  const container = options.container ?? 'celery';
  try {
    const queues = QueueServiceClient.fromConnectionString(azurite.connectionString);
    await queues.getQueueClient(queue).createIfNotExists();
    await queues.getQueueClient(`${queue}-poison`).createIfNotExists();
    await BlobServiceClient.fromConnectionString(azurite.connectionString)
      .getContainerClient(container)
      .createIfNotExists();
  } catch (error) {
    await azurite.stop();
    throw error;
  }
  const backend = `azureblockblob://${azurite.connectionString}`;
  return {
    connectionString: azurite.connectionString,
    queue,
    container,
    env: {
      CELERY_RESULT_BACKEND: backend,
      CELERY_CLOUD_AZURE_CONTAINER: container,
      AzureWebJobsStorage: azurite.connectionString,
    },
    python: {
      broker_url: `azurestoragequeues://:${encodeURIComponent(DEVSTORE_ACCOUNT_KEY)}@${DEVSTORE_ACCOUNT}`,
      backend_url: backend,
      azurite_connection_string: azurite.connectionString,
    },
    stop: azurite.stop,
  };
}
