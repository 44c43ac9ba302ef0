import { DecodeError } from '../errors.js';
import type { DecodeLayer } from '../errors.js';
import type { WireValue } from '../types.js';
import { PyFloat } from './PyFloat.js';
import { DecodeBudget, type DecodeLimits } from './decodeLimits.js';
import { setOwn } from './setOwn.js';

/**
 * Parse JSON with Python's extensions and no loss: `NaN`/`Infinity` tokens, integers past 2^53 as
 * `bigint`, integral floats boxed as {@link PyFloat}; every value is charged to `limits`. Errors
 * say where the text went wrong, as a {@link DecodeError} at `layer`.
 *
 * @example
 * ```ts
 * parseLossless('[1.0, 18446744073709551616]', 'body', DEFAULT_DECODE_LIMITS); // [PyFloat(1), 18446744073709551616n]
 * ```
 */
export function parseLossless(text: string, layer: DecodeLayer, limits: DecodeLimits): WireValue {
  const parser = new Parser(text, layer, new DecodeBudget(limits, layer));
  parser.skipSpace();
  const value = parser.value(0);
  parser.skipSpace();
  if (parser.pos !== text.length) parser.fail('unexpected trailing characters');
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

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
