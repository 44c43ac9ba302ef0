import type { DecodeLayer } from '../errors.js';
import type { WireValue } from '../types.js';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './decodeLimits.js';
import { parseLossless } from './losslessJson.js';
import { nativeValue } from './nativeJsonSafe.js';

/** Deepest nesting accepted by default; deeper input is refused rather than overflowing the stack. */
export const MAX_JSON_DEPTH = DEFAULT_DECODE_LIMITS.maxDepth;

/**
 * Parse kombu JSON losslessly. kombu writes Python `json` output (docs/protocol.md §4.2, §8.6): bare
 * `NaN`/`Infinity`/`-Infinity` and integers of any size. Integers beyond 2^53 become `bigint`.
 * The body must fit `limits` (depth, values, digits), else {@link DecodeLimitExceeded}.
 *
 * @example
 * ```ts
 * parseKombuJson('[18446744073709551616, NaN]'); // [18446744073709551616n, NaN]
 * ```
 */
export function parseKombuJson(
  text: string,
  layer: DecodeLayer = 'body',
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): WireValue {
  const value = nativeValue(text, limits);
  return value !== undefined ? value : parseLossless(text, layer, limits);
}
