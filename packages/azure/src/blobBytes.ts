/**
 * The few Blob Storage operations the result store needs, as a port: the store's conflict and
 * retry logic is written once over it, and either a plain REST client or the SDK moves the bytes.
 */

/** A blob's text and the ETag that identifies this version of it. */
export interface BlobText {
  text: string;
  etag: string;
}

/**
 * When an upload may happen: always (`null`), only if no blob exists (`{ ifNoneMatch: '*' }`), or
 * only while the blob is still the version of `ifMatch` (an ETag).
 */
export type UploadCondition = null | { ifNoneMatch: '*' } | { ifMatch: string };

/**
 * Blob bytes in one container. A request that fails is thrown as `BlobRequestFailed`; a
 * connection string no client can use, as `ConfigError`.
 *
 * @example
 * ```ts
 * const bytes: BlobBytes = restBlobBytes(account, 'celery');
 * await bytes.ensureContainer();
 * const stored = await bytes.upload('celery-task-meta-1', '{}', { ifNoneMatch: '*' }); // false if it exists
 * ```
 */
export interface BlobBytes {
  /** Create the container unless it exists. */
  ensureContainer(): Promise<void>;
  /** The blob's text and ETag, or null when there is no such blob. */
  read(name: string): Promise<BlobText | null>;
  /** Upload `text` as a block blob: true once stored, false when `condition` did not hold. */
  upload(name: string, text: string, condition: UploadCondition): Promise<boolean>;
  /** Delete the blob; no error when it is absent. */
  delete(name: string): Promise<void>;
}
