import { EncodeError } from '../errors.js';
import type { WireValue } from '../types.js';
import { PyFloat } from './PyFloat.js';

/**
 * Deepest nesting written: a decoded body at the deepest accepted depth still fits inside a
 * result meta, and stays below what Python's `json.loads` can read (its recursion limit, 1000).
 */
export const MAX_ENCODE_DEPTH = 900;

/**
 * Serialize as Python's `json.dumps(value)` does with kombu's settings: `ensure_ascii`, the
 * `", "`/`": "` separators, `NaN`/`Infinity` tokens, `bigint` as digits and non-integral numbers
 * in Python's float `repr` format, so stored documents match Celery's bytes (docs/protocol.md §4.2, 6.1).
 *
 * @example
 * ```ts
 * stringifyKombuJson({ a: [1, 'é', 2n ** 64n, 0.5] }); // '{"a": [1, "\\u00e9", 18446744073709551616, 0.5]}'
 * ```
 */
export function stringifyKombuJson(value: WireValue): string {
  return write(value, 0);
}

function write(value: WireValue, depth: number): string {
  if (depth > MAX_ENCODE_DEPTH) throw new EncodeError(`nesting deeper than ${MAX_ENCODE_DEPTH}`);
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return pythonFloatRepr(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (value instanceof PyFloat) return pythonFloatRepr(value.value, true);
      if (Array.isArray(value)) return `[${value.map((v) => write(v, depth + 1)).join(', ')}]`;
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value)) parts.push(`${quote(k)}: ${write(v, depth + 1)}`);
      return `{${parts.join(', ')}}`;
    }
    default:
      throw new EncodeError(`cannot encode a value of type ${typeof value} as JSON`);
  }
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

function quote(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point.
  return `"${s.replace(/["\\\u0000-\u001f\u007f-\uffff]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/**
 * Python's `repr(float)`: shortest round-trip digits, exponent form when the decimal exponent is
 * below -4 or at least 16. Safe integers print as integers unless boxed as {@link PyFloat}.
 */
function pythonFloatRepr(n: number, isFloat = false): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Object.is(n, -0)) return isFloat ? '-0.0' : '0';
  if (Number.isSafeInteger(n) && !isFloat) return String(n);
  const [mantissa = '', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac || '0'}`;
}
