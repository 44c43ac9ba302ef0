/**
 * Celery results in Azure Blob Storage, as Celery's `azureblockblob://` backend stores them.
 */
import type { BlobServiceClient } from '@azure/storage-blob';
import { type DateDoneFormat, type ResultStore, createKeyValueResultStore } from '@celery-cloud/core';
import { blobAccountOf } from './blobAccount.js';
import type { BlobBytes } from './blobBytes.js';
import { blobKeyValueStore } from './blobKeyValueStore.js';
import { parseAzureBlockBlobUrl } from './parseAzureBlockBlobUrl.js';
import { restBlobBytes } from './restBlobBytes.js';
import { sdkBlobBytes, sdkServiceOf } from './sdkBlobBytes.js';

/** Options of the Blob result store. */
export interface BlobResultStoreOptions {
  /** Celery's `azureblockblob://<connection string>` result backend URL. */
  url?: string;
  /** An Azure Storage connection string, instead of `url`. */
  connectionString?: string;
  /** A client, instead of either (any credential the SDK takes, e.g. an Entra ID identity). */
  client?: BlobServiceClient;
  /** Celery's `azureblockblob_container_name` (default `celery`); created when missing. */
  container?: string;
  /** Celery's `azureblockblob_base_path`, prepended with no separator (default empty). */
  basePath?: string;
  /** `date_done` as Celery 5.5+ writes it (`aware`, default) or as Celery ≤ 5.4 (`naive`). */
  dateFormat?: DateDoneFormat;
}

/**
 * The REST client for a connection string it reads (an account key, a SAS or Azurite's
 * development storage), else the SDK, imported on first use.
 */
function bytesOf(connectionString: string, container: string): BlobBytes {
  const account = blobAccountOf(connectionString);
  return account
    ? restBlobBytes(account, container)
    : sdkBlobBytes(() => sdkServiceOf(connectionString), container);
}

/**
 * A {@link ResultStore} on Azure Blob, compatible with Celery's `azureblockblob://` backend:
 * blob `<base path>celery-task-meta-<id>` holding the meta JSON in the container, created on first
 * use. A stored SUCCESS is never replaced (etag conditions); group records
 * `celery-taskset-meta-<gid>`; a chord counter blob `chord-unlock-<gid>` updated under etag
 * conditions, so concurrent header parts never lose a count. A connection string with an account
 * key or a SAS (and `UseDevelopmentStorage=true`) is served by a small REST client over `fetch`, so
 * no storage SDK loads at cold start; with `client`, that client's credential is used. A failed
 * request throws {@link BlobRequestFailed}.
 *
 * @example
 * ```ts
 * const store = createResultStore({ url: process.env.CELERY_RESULT_BACKEND, container: 'celery' });
 * await store.get('5a1b2c3d-...'); // the meta, or null while PENDING
 * ```
 */
export function createResultStore(options: BlobResultStoreOptions = {}): Required<ResultStore> {
  const container = options.container ?? 'celery';
  const { client } = options;
  const bytes = client
    ? sdkBlobBytes(async () => client, container)
    : bytesOf(
        options.connectionString ??
          (options.url ? parseAzureBlockBlobUrl(options.url) : 'UseDevelopmentStorage=true'),
        container,
      );
  return createKeyValueResultStore(blobKeyValueStore(bytes, options.basePath ?? ''), {
    dateFormat: options.dateFormat ?? 'aware',
  });
}
