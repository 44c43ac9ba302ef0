import type { WireValue } from '../types.js';
import { PyFloat } from './PyFloat.js';

/**
 * The number a protocol field holds, however the lossless decoders kept it: a plain number, an
 * integral float boxed as {@link PyFloat} (`5.0`, what Python's `json.dumps` writes for a float),
 * or a `bigint` that fits a double exactly enough to compare. Anything else is `null`.
 *
 * @example
 * ```ts
 * wireNumber(new PyFloat(5)); // 5
 * wireNumber('5'); // null
 * ```
 */
export function wireNumber(value: WireValue | undefined): number | null {
  if (typeof value === 'number') return value;
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

/**
 * {@link wireNumber}, but only a finite integral value (`10` and `10.0` alike), as Python compares
 * them; `null` for anything else.
 *
 * @example
 * ```ts
 * wireInteger(new PyFloat(10)); // 10
 * wireInteger(2.5); // null
 * ```
 */
export function wireInteger(value: WireValue | undefined): number | null {
  const n = wireNumber(value);
  return n !== null && Number.isSafeInteger(n) ? n : null;
}
