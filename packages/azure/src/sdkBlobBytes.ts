/**
 * {@link BlobBytes} over `@azure/storage-blob`, for a client the caller made (any credential) or a
 * connection string the REST client does not read. The SDK is imported on first use only.
 */
import { text } from 'node:stream/consumers';
import type { BlobServiceClient, ContainerClient } from '@azure/storage-blob';
import { ConfigError, onceUnlessFailed } from '@celery-cloud/core';
import type { BlobBytes, UploadCondition } from './blobBytes.js';
import { BlobRequestFailed } from './blobRequestFailed.js';

/**
 * A client for `connectionString`, the SDK imported on the first call (a chunk in a bundle). A
 * connection string the SDK cannot use either is a {@link ConfigError}.
 *
 * @example
 * ```ts
 * const bytes = sdkBlobBytes(() => sdkServiceOf(connectionString), 'celery');
 * ```
 */
export async function sdkServiceOf(connectionString: string): Promise<BlobServiceClient> {
  const { BlobServiceClient } = await import('@azure/storage-blob');
  try {
    return BlobServiceClient.fromConnectionString(connectionString);
  } catch (error) {
    throw new ConfigError(`the Blob connection string cannot be used: ${(error as Error).message}`);
  }
}

/** The SDK's error (a `RestError`) as {@link BlobRequestFailed}. */
function failed(operation: string, target: string, error: unknown): BlobRequestFailed {
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  return typeof statusCode === 'number'
    ? BlobRequestFailed.answered(operation, target, statusCode, typeof code === 'string' ? code : null, error)
    : BlobRequestFailed.unreachable(operation, target, error);
}

const statusOf = (error: unknown) => (error as { statusCode?: unknown } | null)?.statusCode;

/**
 * Container `container` of the service `serviceOf` resolves to (called once, on first use).
 *
 * @example
 * ```ts
 * const bytes = sdkBlobBytes(async () => client, 'celery');
 * ```
 */
export function sdkBlobBytes(serviceOf: () => Promise<BlobServiceClient>, container: string): BlobBytes {
  const containerClient = onceUnlessFailed(
    async (): Promise<ContainerClient> => (await serviceOf()).getContainerClient(container),
  );
  const blob = async (name: string) => (await containerClient()).getBlockBlobClient(name);

  // The client is resolved before each request, so only the request's own failure is mapped.
  return {
    async ensureContainer() {
      const client = await containerClient();
      try {
        await client.createIfNotExists();
      } catch (error) {
        throw failed('Create Container', container, error);
      }
    },

    async read(name) {
      const client = await blob(name);
      try {
        const response = await client.download();
        const body = response.readableStreamBody;
        return { text: body ? await text(body) : '', etag: response.etag ?? '' };
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw failed('Get Blob', `${container}/${name}`, error);
      }
    },

    async upload(name, text, condition: UploadCondition) {
      const client = await blob(name);
      try {
        await client.upload(text, Buffer.byteLength(text), condition ? { conditions: condition } : {});
        return true;
      } catch (error) {
        if (condition !== null && (statusOf(error) === 409 || statusOf(error) === 412)) return false;
        throw failed('Put Blob', `${container}/${name}`, error);
      }
    },

    async delete(name) {
      const client = await blob(name);
      try {
        await client.deleteIfExists();
      } catch (error) {
        throw failed('Delete Blob', `${container}/${name}`, error);
      }
    },
  };
}
