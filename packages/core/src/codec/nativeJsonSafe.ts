import type { DecodeLimits } from './decodeLimits.js';

/**
 * True when JSON.parse gives exactly what the lossless parser would: no float (an integral one
 * must stay a float), integer of 16+ digits or NaN/Infinity token, nesting within `maxDepth` and
 * too few values to pass `maxElements`. A quick look at the places values can start settles
 * nearly every text; when it sees a candidate (often a date or a repr inside a string), a walk
 * that knows strings from tokens decides, so only a real float or big integer costs the lossless
 * parser.
 *
 * @example
 * ```ts
 * nativeSafe('[1, "2025-06-01T12:00:01.25"]', DEFAULT_DECODE_LIMITS); // true
 * nativeSafe('[1.0]', DEFAULT_DECODE_LIMITS); // false: 1.0 must stay a float
 * ```
 */
export function nativeSafe(text: string, limits: DecodeLimits): boolean {
  return separatorsClean(text, limits) || tokensClean(text, limits);
}

/** Occurrences of `char` in `text`, counting stops past `max`. */
function countUpTo(text: string, char: string, max: number): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1 && n <= max; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/**
 * True when a token native JSON.parse would change may start at `i`: a float, an integer of 16+
 * digits, or NaN/Infinity. Leading JSON white space and a minus sign are skipped.
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

/** Occurrences of `char`, or -1 when a value after one may not be native or past `max` of them. */
function scanAfter(text: string, char: string, max: number): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) {
    if (++n > max || notNativeAt(text, i + 1)) return -1;
  }
  return n;
}

/**
 * The quick look: values start the text or follow `[`, `,` or `:`, so only those places are
 * looked at, by a few `indexOf` passes that skip long strings (a base64 body) at memory speed.
 * Brackets bound the depth and, with commas, the values (each value after the first follows one
 * of them). False for a candidate anywhere, inside a string too.
 */
function separatorsClean(text: string, limits: DecodeLimits): boolean {
  if (notNativeAt(text, 0)) return false;
  const arrays = scanAfter(text, '[', limits.maxDepth);
  if (arrays < 0) return false;
  const brackets = arrays + countUpTo(text, '{', limits.maxDepth);
  if (brackets > limits.maxDepth) return false;
  const commas = scanAfter(text, ',', limits.maxElements);
  if (commas < 0 || 1 + brackets + commas > limits.maxElements) return false;
  return scanAfter(text, ':', Number.POSITIVE_INFINITY) >= 0;
}

/** The index after the string whose opening quote is at `open` (the text's end if unterminated). */
function stringEnd(text: string, open: number): number {
  let i = open;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return i + 1;
  }
}

/**
 * The exact look: a walk over the tokens, jumping over each string, with the real depth and the
 * values bounded by brackets and commas outside strings. Malformed text may pass: JSON.parse
 * then throws and the lossless parser reports it.
 */
function tokensClean(text: string, limits: DecodeLimits): boolean {
  const n = text.length;
  let depth = 0;
  let values = 1;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(text, i);
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      if (notNativeAt(text, i)) return false;
      i++;
      while (isDigit(text.charCodeAt(i))) i++;
      continue;
    }
    if (c === 0x5b || c === 0x7b) {
      if (++depth > limits.maxDepth || ++values > limits.maxElements) return false;
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c) {
      if (++values > limits.maxElements) return false;
    } else if (c === 0x4e || c === 0x49) return false;
    i++;
  }
  return true;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
