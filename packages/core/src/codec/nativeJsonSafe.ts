import type { WireValue } from '../types.js';
import type { DecodeLimits } from './decodeLimits.js';

/**
 * The text read by native `JSON.parse` when that is exactly what the lossless parser would give,
 * else `undefined` (the lossless parser then reads it, and reports any error or limit). Native
 * parsing changes a float that is an integer (`1.0`, `2e3`: it must stay a float), an integer of
 * 16+ digits and NaN/Infinity (which it refuses). So the text is parsed first and the value
 * looked at: a number that is not a safe integer, or nesting past `maxDepth`, settles it at once;
 * each safe integer was written as one (not `1.0`) only if no separator it can follow (`:` in an
 * object, `[` or `,` in an array) is followed by a float-like token, which a few `indexOf` passes
 * check for only the separators that matter. A candidate there (often a date or a repr inside a
 * string) gets a walk that knows strings from tokens. A text longer than `maxElements` has its
 * brackets and commas counted first, so no more values than the limit are ever built.
 *
 * @example
 * ```ts
 * nativeValue('[1, "2025-06-01T12:00:01.25"]', DEFAULT_DECODE_LIMITS); // [1, '2025-06-01T12:00:01.25']
 * nativeValue('[1.0]', DEFAULT_DECODE_LIMITS); // undefined: 1.0 must stay a float
 * ```
 */
export function nativeValue(text: string, limits: DecodeLimits): WireValue | undefined {
  // Each value after the first follows a `[`, `{` or `,`, so a text no longer than the limit
  // cannot hold more values than it.
  if (text.length > limits.maxElements && !fewEnoughValues(text, limits.maxElements)) return undefined;
  let value: WireValue;
  try {
    value = JSON.parse(text) as WireValue;
  } catch {
    return undefined; // Malformed, or NaN/Infinity: the lossless parser reads it.
  }
  const found = typeof value === 'number' ? numberKind(value) | TOP_INTEGER : scan(value, 0, limits.maxDepth);
  if (found & NOT_NATIVE) return undefined;
  if (integersWritten(text, found)) return value;
  return numbersClean(text) ? value : undefined;
}

/** What {@link scan} found: flags. */
const OBJECT_INTEGER = 1; // follows a `:`
const FIRST_INTEGER = 2; // first in an array: follows a `[`
const LATER_INTEGER = 4; // later in an array: follows a `,`
const TOP_INTEGER = 8;
const NOT_NATIVE = 16;

/** A safe integer may have been written as a float; anything else native parsing changed. */
const numberKind = (n: number): number => (Number.isSafeInteger(n) ? 0 : NOT_NATIVE);

/**
 * Where the safe integers of `value` sit (object members, first or later array items), or
 * NOT_NATIVE for a number native parsing may have changed or a container at `maxDepth` (its items
 * would be past it).
 */
function scan(value: WireValue, depth: number, maxDepth: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth >= maxDepth) return NOT_NATIVE;
  let found = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'number') found |= numberKind(item) | (i === 0 ? FIRST_INTEGER : LATER_INTEGER);
      else if (typeof item === 'object' && item !== null) found |= scan(item, depth + 1, maxDepth);
    }
  } else {
    const record = value as Record<string, WireValue>;
    for (const key in record) {
      const item = record[key];
      if (typeof item === 'number') found |= numberKind(item) | OBJECT_INTEGER;
      else if (typeof item === 'object' && item !== null) found |= scan(item, depth + 1, maxDepth);
    }
  }
  return found;
}

/** True when no separator a found integer may follow is followed by a float-like token. */
function integersWritten(text: string, found: number): boolean {
  if (found & TOP_INTEGER && notNativeAt(text, 0)) return false;
  if (found & FIRST_INTEGER && !cleanAfter(text, '[')) return false;
  if (found & LATER_INTEGER && !cleanAfter(text, ',')) return false;
  return !(found & OBJECT_INTEGER) || cleanAfter(text, ':');
}

/** Whether 1 + the `[`, `{` and `,` of `text` (an upper bound of its values) stay within `max`. */
function fewEnoughValues(text: string, max: number): boolean {
  let n = 1;
  for (const char of '[{,') {
    for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) if (++n > max) return false;
  }
  return true;
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

/** True when no `char` in `text` (inside strings too) is followed by a token native parsing changes. */
function cleanAfter(text: string, char: string): boolean {
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) {
    let c = text.charCodeAt(i + 1);
    if (c === 0x20) c = text.charCodeAt(i + 2); // kombu's one space after a separator
    // A string, object, array, null, true or false: nearly every member; no number to look at.
    if (c === 0x22 || c === 0x7b || c === 0x5b || c === 0x6e || c === 0x74 || c === 0x66) continue;
    if (notNativeAt(text, i + 1)) return false;
  }
  return true;
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

/** The exact look: a walk over the tokens, jumping over each string, for a number native parsing changes. */
function numbersClean(text: string): boolean {
  const n = text.length;
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
    i++;
  }
  return true;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
