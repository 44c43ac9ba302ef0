import { ResultTooLarge } from '@celery-cloud/core';

// gRPC's INVALID_ARGUMENT: the code of the SDK's errors and of FirestoreRequestError.
const INVALID_ARGUMENT = 3;

/**
 * Firestore's refusal of a document for its size as {@link ResultTooLarge} (a permanent failure);
 * any other error as is. The REST client's and the SDK's refusals both carry code 3 and say why: a
 * document over 1 MiB ("…its size… exceeds…"), or a value over its limit ("…is longer than 1048487 bytes").
 *
 * @example
 * ```ts
 * await docs.set(id, fields).catch((error) => { throw documentTooLarge(error); });
 * ```
 */
export function documentTooLarge(error: unknown): unknown {
  const e = error as { code?: number; message?: string };
  if (e.code === INVALID_ARGUMENT && /size|too (big|large)|longer than \d+ bytes/i.test(e.message ?? ''))
    return new ResultTooLarge(`is refused by Firestore: ${e.message}`);
  return error;
}
