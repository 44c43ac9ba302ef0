/**
 * Celery's key-value records as blobs: the conditional writes that keep a stored SUCCESS and count
 * a chord's parts under concurrency, written once over {@link BlobBytes}.
 */
import { type KeyValueStore, onceUnlessFailed } from '@celery-cloud/core';
import type { BlobBytes } from './blobBytes.js';
import { BlobRequestFailed } from './blobRequestFailed.js';

// A conditional write lost to a concurrent one is tried again this many times.
const CONFLICT_RETRIES = 20;

/**
 * A {@link KeyValueStore} of blobs `<basePath><key>` in the container of `bytes`, created on first
 * use. A write with `unlessStartsWith` creates the blob (`If-None-Match: *`) or replaces the
 * version it read (`If-Match`); a counter is read and replaced under its ETag, so concurrent
 * increments never lose a count.
 *
 * @example
 * ```ts
 * const store = createKeyValueResultStore(blobKeyValueStore(restBlobBytes(account, 'celery'), ''));
 * ```
 */
export function blobKeyValueStore(bytes: BlobBytes, basePath: string): KeyValueStore {
  const containerReady = onceUnlessFailed(() => bytes.ensureContainer());
  const blobName = async (key: string) => {
    await containerReady();
    return `${basePath}${key}`;
  };

  const contended = (name: string, attempts: number) =>
    new BlobRequestFailed(`Put Blob ${name}: still conflicting after ${attempts} conditional writes`, {
      status: 412,
    });

  /** Write `text`, creating the blob or replacing it only while `replace` allows. */
  async function write(name: string, text: string, replace: (current: string) => boolean): Promise<boolean> {
    for (let attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
      if (await bytes.upload(name, text, { ifNoneMatch: '*' })) return true;
      const current = await bytes.read(name);
      if (current === null) continue;
      if (!replace(current.text)) return false;
      if (await bytes.upload(name, text, { ifMatch: current.etag })) return true;
    }
    throw contended(name, CONFLICT_RETRIES);
  }

  return {
    get: async (key) => (await bytes.read(await blobName(key)))?.text ?? null,

    async put(key, { text }, { unlessStartsWith } = {}) {
      const name = await blobName(key);
      if (unlessStartsWith !== undefined)
        return write(name, text, (stored) => !stored.startsWith(unlessStartsWith));
      await bytes.upload(name, text, null);
      return true;
    },

    async increment(key) {
      const name = await blobName(key);
      const attempts = CONFLICT_RETRIES * 5;
      for (let attempt = 0; attempt < attempts; attempt++) {
        const current = await bytes.read(name);
        const next = (current === null ? 0 : Number(current.text)) + 1;
        const condition = current === null ? { ifNoneMatch: '*' as const } : { ifMatch: current.etag };
        if (await bytes.upload(name, String(next), condition)) return next;
      }
      throw contended(name, attempts);
    },

    async delete(key) {
      await bytes.delete(await blobName(key));
    },
  };
}
