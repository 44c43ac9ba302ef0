/**
 * Celery results in Azure Blob Storage, as Celery's `azureblockblob://` backend stores them.
 */
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import {
  type DateDoneFormat,
  type KeyValueStore,
  type ResultStore,
  createKeyValueResultStore,
} from '@celery-cloud/core';
import { parseAzureBlockBlobUrl } from './parseAzureBlockBlobUrl.js';

/** Options of the Blob result store. */
export interface BlobResultStoreOptions {
  /** Celery's `azureblockblob://<connection string>` result backend URL. */
  url?: string;
  /** An Azure Storage connection string, instead of `url`. */
  connectionString?: string;
  /** A client, instead of either. */
  client?: BlobServiceClient;
  /** Celery's `azureblockblob_container_name` (default `celery`); created when missing. */
  container?: string;
  /** Celery's `azureblockblob_base_path`, prepended with no separator (default empty). */
  basePath?: string;
  /** `date_done` as Celery 5.5+ writes it (`aware`, default) or as Celery ≤ 5.4 (`naive`). */
  dateFormat?: DateDoneFormat;
}

// A conditional write lost to a concurrent one is tried again this many times.
const CONFLICT_RETRIES = 20;

function status(error: unknown): number | null {
  const code = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : null;
}

/**
 * A {@link ResultStore} on Azure Blob, compatible with Celery's `azureblockblob://` backend:
 * blob `<base path>celery-task-meta-<id>` holding the meta JSON in the container, created on first
 * use. A stored SUCCESS is never replaced (etag conditions); group records
 * `celery-taskset-meta-<gid>`; a chord counter blob `chord-unlock-<gid>` updated under etag
 * conditions, so concurrent header parts never lose a count.
 *
 * @example
 * ```ts
 * const store = createResultStore({ url: process.env.CELERY_RESULT_BACKEND, container: 'celery' });
 * await store.get('5a1b2c3d-...'); // the meta, or null while PENDING
 * ```
 */
export function createResultStore(options: BlobResultStoreOptions = {}): Required<ResultStore> {
  const connectionString =
    options.connectionString ?? (options.url ? parseAzureBlockBlobUrl(options.url) : undefined);
  const service =
    options.client ??
    BlobServiceClient.fromConnectionString(connectionString ?? 'UseDevelopmentStorage=true');
  const container = service.getContainerClient(options.container ?? 'celery');
  const basePath = options.basePath ?? '';
  let ready: Promise<ContainerClient> | null = null;
  const containerReady = () => {
    ready ??= container.createIfNotExists().then(
      () => container,
      (error: unknown) => {
        ready = null;
        throw error;
      },
    );
    return ready;
  };
  const blob = async (name: string) => (await containerReady()).getBlockBlobClient(`${basePath}${name}`);

  async function read(name: string): Promise<{ text: string; etag: string } | null> {
    try {
      const response = await (await blob(name)).download();
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody ?? []) chunks.push(chunk as Buffer);
      return { text: Buffer.concat(chunks).toString('utf8'), etag: response.etag ?? '' };
    } catch (error) {
      if (status(error) === 404) return null;
      throw error;
    }
  }

  /** Write `text`, creating the blob or replacing it only while `replace` allows. */
  async function write(name: string, text: string, replace: (current: string) => boolean): Promise<boolean> {
    const client = await blob(name);
    for (let attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
      try {
        await client.upload(text, Buffer.byteLength(text), { conditions: { ifNoneMatch: '*' } });
        return true;
      } catch (error) {
        if (status(error) !== 409 && status(error) !== 412) throw error;
      }
      const current = await read(name);
      if (current === null) continue;
      if (!replace(current.text)) return false;
      try {
        await client.upload(text, Buffer.byteLength(text), { conditions: { ifMatch: current.etag } });
        return true;
      } catch (error) {
        if (status(error) !== 412) throw error;
      }
    }
    throw new Error(`blob ${name}: too many concurrent writes`);
  }

  const kv: KeyValueStore = {
    get: async (name) => (await read(name))?.text ?? null,

    async put(name, { text }, { unlessStartsWith } = {}) {
      if (unlessStartsWith !== undefined)
        return write(name, text, (stored) => !stored.startsWith(unlessStartsWith));
      await (await blob(name)).upload(text, Buffer.byteLength(text));
      return true;
    },

    async increment(name) {
      const client = await blob(name);
      for (let attempt = 0; attempt < CONFLICT_RETRIES * 5; attempt++) {
        const current = await read(name);
        const next = (current === null ? 0 : Number(current.text)) + 1;
        const text = String(next);
        try {
          await client.upload(text, text.length, {
            conditions: current === null ? { ifNoneMatch: '*' } : { ifMatch: current.etag },
          });
          return next;
        } catch (error) {
          if (status(error) !== 409 && status(error) !== 412) throw error;
        }
      }
      throw new Error(`counter ${name}: too many concurrent increments`);
    },

    async delete(name) {
      await (await blob(name)).deleteIfExists();
    },
  };
  return createKeyValueResultStore(kv, { dateFormat: options.dateFormat ?? 'aware' });
}
