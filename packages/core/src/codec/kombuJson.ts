import { DecodeError, EncodeError } from '../errors.js';
import type { DecodeLayer } from '../errors.js';
import type { WireValue } from '../types.js';
import { PyFloat } from './PyFloat.js';
import { DEFAULT_DECODE_LIMITS, DecodeBudget, type DecodeLimits } from './decodeLimits.js';
import { setOwn } from './setOwn.js';

/** Deepest nesting accepted by default; deeper input is refused rather than overflowing the stack. */
export const MAX_JSON_DEPTH = DEFAULT_DECODE_LIMITS.maxDepth;

/**
 * Deepest nesting written: a decoded body at the deepest accepted depth still fits inside a
 * result meta, and stays below what Python's `json.loads` can read (its recursion limit, 1000).
 */
export const MAX_ENCODE_DEPTH = 900;

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
  if (nativeSafe(text, limits)) {
    try {
      return JSON.parse(text) as WireValue;
    } catch {
      // Malformed: the parser below says where, as a DecodeError.
    }
  }
  const parser = new Parser(text, layer, new DecodeBudget(limits, layer));
  parser.skipSpace();
  const value = parser.value(0);
  parser.skipSpace();
  if (parser.pos !== text.length) parser.fail('unexpected trailing characters');
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

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

/** True when JSON.parse gives exactly what the lossless parser would: no float, big integer or
 * NaN/Infinity token, too few brackets to pass the depth limit, and too few brackets and commas
 * to hold more values than the element limit (each value after the first follows one of them).
 * Values start the text or follow `[`, `,` or `:`, so only those places are looked at: a few
 * `indexOf` passes, which skip long strings (a base64 body) at memory speed. */
function nativeSafe(text: string, limits: DecodeLimits): boolean {
  if (notNativeAt(text, 0)) return false;
  const arrays = scanAfter(text, '[', limits.maxDepth);
  if (arrays < 0) return false;
  const brackets = arrays + countUpTo(text, '{', limits.maxDepth);
  if (brackets > limits.maxDepth) return false;
  const commas = scanAfter(text, ',', limits.maxElements);
  if (commas < 0 || 1 + brackets + commas > limits.maxElements) return false;
  return scanAfter(text, ':', Number.POSITIVE_INFINITY) >= 0;
}

class Parser {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly layer: DecodeLayer,
    private readonly budget: DecodeBudget,
  ) {}

  fail(reason: string): never {
    throw new DecodeError(this.layer, `invalid JSON at offset ${this.pos}: ${reason}`);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
  }

  value(depth: number): WireValue {
    this.budget.enter(depth);
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      case 'N':
        return this.literal('NaN', Number.NaN);
      case 'I':
        return this.literal('Infinity', Number.POSITIVE_INFINITY);
      default:
        if (c === '-' && this.text.startsWith('-Infinity', this.pos)) {
          return this.literal('-Infinity', Number.NEGATIVE_INFINITY);
        }
        return this.number();
    }
  }

  literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail('unexpected token');
    this.pos += word.length;
    return value;
  }

  number(): number | bigint | PyFloat {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail('unexpected token');
    this.pos += m[0].length;
    this.budget.digits(m[0].length - (m[0].startsWith('-') ? 1 : 0));
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
    const n = Number(m[0]);
    return Number.isInteger(n) ? new PyFloat(n) : n;
  }

  string(): string {
    const t = this.text;
    let out = '';
    let start = ++this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail('unterminated string');
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(start, this.pos++);
        return out;
      }
      if (c < 0x20) this.fail('control character in string');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(start, this.pos);
      const e = t[this.pos + 1];
      this.pos += 2;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = t.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          this.fail('bad escape');
      }
      start = this.pos;
    }
  }

  array(depth: number): WireValue[] {
    const out: WireValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') this.fail('expected , or ]');
    }
  }

  object(depth: number): Record<string, WireValue> {
    const out: Record<string, WireValue> = {};
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a key');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos++] !== ':') this.fail('expected :');
      this.skipSpace();
      const v = this.value(depth + 1);
      setOwn(out, key, v);
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') this.fail('expected , or }');
    }
  }
}

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
