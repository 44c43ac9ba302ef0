import { ConfigError } from '@celery-cloud/core';

/**
 * The connection string of a Celery `azureblockblob://<connection string>` result backend URL
 * (spec 6.5).
 *
 * @example
 * ```ts
 * parseAzureBlockBlobUrl('azureblockblob://DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=k;EndpointSuffix=core.windows.net');
 * // 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=k;EndpointSuffix=core.windows.net'
 * ```
 */
export function parseAzureBlockBlobUrl(url: string): string {
  const prefix = 'azureblockblob://';
  if (!url.startsWith(prefix)) {
    throw new ConfigError(`expected an azureblockblob:// result backend URL, got ${url.split('://')[0]}://`);
  }
  const connectionString = url.slice(prefix.length);
  if (!/AccountName=|UseDevelopmentStorage=true|BlobEndpoint=/i.test(connectionString)) {
    throw new ConfigError('the azureblockblob:// URL must carry an Azure Storage connection string');
  }
  return connectionString;
}

/**
 * The Azure Storage queue name kombu uses for a Celery queue: prefix added, every ASCII
 * punctuation character replaced by `-` (spec 5.2). Azure requires lowercase names and kombu does
 * not lowercase, so use lowercase Celery queue names.
 *
 * @example
 * ```ts
 * azureQueueName('my.queue_x', 'pfx.'); // 'pfx-my-queue-x'
 * ```
 */
export function azureQueueName(queue: string, prefix = ''): string {
  return `${prefix}${queue}`.replace(/[!-/:-@[-`{-~]/g, '-');
}
