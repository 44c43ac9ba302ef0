import type { DecodeLimits } from './decodeLimits.js';

/** Occurrences of `char` in `text`, counting stops past `max`. */
function countUpTo(text: string, char: string, max: number): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1 && n <= max; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/**
 * True when a token native JSON.parse would change may start at `i`: a float (an integral one must
 * stay a float), an integer of 16+ digits, or NaN/Infinity. Leading JSON white space and a minus
 * sign are skipped. A match inside a string only costs the fast path.
 */
function notNativeAt(text: string, at: number): boolean {
  let i = at;
  let c = text.charCodeAt(i);
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++i);
  if (c === 0x2d) c = text.charCodeAt(++i);
  if (c === 0x4e || c === 0x49) return true; // N(aN), I(nfinity)
  let digits = 0;
  while (c >= 0x30 && c <= 0x39) {
    if (++digits >= 16) return true;
    c = text.charCodeAt(++i);
  }
  return digits > 0 && (c === 0x2e || c === 0x65 || c === 0x45); // . e E
}

/** False when a value after `char` (every `char` in `text`) may not be native, or past `max` of them. */
function scanAfter(text: string, char: string, max: number): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) {
    if (++n > max || notNativeAt(text, i + 1)) return -1;
  }
  return n;
}

/**
 * True when JSON.parse gives exactly what the lossless parser would: no float, big integer or
 * NaN/Infinity token, too few brackets to pass the depth limit, and too few brackets and commas
 * to hold more values than the element limit (each value after the first follows one of them).
 * Values start the text or follow `[`, `,` or `:`, so only those places are looked at: a few
 * `indexOf` passes, which skip long strings (a base64 body) at memory speed.
 *
 * @example
 * ```ts
 * nativeSafe('[1, "a"]', DEFAULT_DECODE_LIMITS); // true
 * nativeSafe('[1.0]', DEFAULT_DECODE_LIMITS); // false: 1.0 must stay a float
 * ```
 */
export function nativeSafe(text: string, limits: DecodeLimits): boolean {
  if (notNativeAt(text, 0)) return false;
  const arrays = scanAfter(text, '[', limits.maxDepth);
  if (arrays < 0) return false;
  const brackets = arrays + countUpTo(text, '{', limits.maxDepth);
  if (brackets > limits.maxDepth) return false;
  const commas = scanAfter(text, ',', limits.maxElements);
  if (commas < 0 || 1 + brackets + commas > limits.maxElements) return false;
  return scanAfter(text, ':', Number.POSITIVE_INFINITY) >= 0;
}
