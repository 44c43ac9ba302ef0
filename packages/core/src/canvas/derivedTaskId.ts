/**
 * Deterministic task ids for messages the worker publishes without a frozen id (callbacks,
 * errbacks, chord_unlock): the same delivery redone publishes the same ids, so a redelivered
 * parent cannot fan out into differently named duplicates.
 */
import { createHash } from 'node:crypto';

// A fixed UUID namespace for celery-cloud's derived ids (RFC 9562 name-based, SHA-1).
const NAMESPACE = Buffer.from('5f0c3c2e7a9b4d0e8f1a2b3c4d5e6f70', 'hex');

/**
 * A UUIDv5 string derived from `parts`.
 *
 * @example
 * ```ts
 * derivedTaskId('link-1', 'callback', 0); // the same UUID every time
 * ```
 */
export function derivedTaskId(...parts: Array<string | number>): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u0000')).digest();
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6);
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
