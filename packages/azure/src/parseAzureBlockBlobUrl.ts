import { ConfigError } from '@celery-cloud/core';

/**
 * The connection string of a Celery `azureblockblob://<connection string>` result backend URL
 * (docs/protocol.md §6.5).
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
 * punctuation character replaced by `-` (docs/protocol.md §5.2). Azure requires lowercase names and kombu does
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

/**
 * The connection string for a Celery `azurestoragequeues://` broker URL (kombu 5.3+):
 * `azurestoragequeues://<account key>@https://<account>.queue.core.windows.net/` (or an Azurite
 * endpoint `http://127.0.0.1:<port>/devstoreaccount1`). Identity-based URLs
 * (`DefaultAzureCredential@…`) are not supported: use a connection string or a client.
 *
 * @example
 * ```ts
 * parseAzureStorageQueuesUrl('azurestoragequeues://a2V5@https://acct.queue.core.windows.net/');
 * // 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;QueueEndpoint=https://acct.queue.core.windows.net/'
 * ```
 */
export function parseAzureStorageQueuesUrl(url: string): string {
  const [, keyText, endpointText] = /^azurestoragequeues:\/\/(.+)@(https?:\/\/.+)$/.exec(url) ?? [];
  if (keyText === undefined || endpointText === undefined) {
    throw new ConfigError(
      'expected azurestoragequeues://<account key>@https://<account>.queue.core.windows.net/',
    );
  }
  const key = decodeURIComponent(keyText.replace(/^:/, ''));
  const endpoint = new URL(endpointText);
  if (/^(DefaultAzureCredential|ManagedIdentityCredential)$/.test(key)) {
    throw new ConfigError(
      'azurestoragequeues:// with an Azure identity is not supported; give the account key',
    );
  }
  const path = endpoint.pathname.replace(/\/+$/, '');
  const account = path.split('/')[1] || endpoint.hostname.replace(/\..*$/, '');
  return [
    `DefaultEndpointsProtocol=${endpoint.protocol.replace(':', '')}`,
    `AccountName=${account}`,
    `AccountKey=${key}`,
    `QueueEndpoint=${endpoint.origin}${path}${path ? '' : '/'}`,
  ].join(';');
}
