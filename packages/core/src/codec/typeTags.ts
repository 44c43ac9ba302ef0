import { DecodeError, EncodeError } from '../errors.js';
import type { WireValue } from '../types.js';
import { PyFloat } from './PyFloat.js';
import { formatPythonIso, parseCeleryDate } from './celeryDate.js';
import { setOwn } from './setOwn.js';

function isTag(value: object): value is { __type__: unknown; __value__: unknown } {
  const keys = Object.keys(value);
  return keys.length === 2 && '__type__' in value && '__value__' in value;
}

function hexToUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function decodeTag(type: unknown, value: unknown): unknown {
  switch (type) {
    case 'datetime':
      return parseCeleryDate(String(value));
    case 'date':
    case 'time':
    case 'decimal':
      return String(value);
    case 'uuid': {
      const hex = typeof value === 'object' && value !== null ? (value as { hex?: unknown }).hex : value;
      if (typeof hex !== 'string' || !/^[0-9a-f]{32}$/i.test(hex.replace(/-/g, ''))) {
        throw new DecodeError('body', 'invalid uuid type tag');
      }
      return hexToUuid(hex.replace(/-/g, '').toLowerCase());
    }
    case 'bytes':
      return new TextEncoder().encode(String(value));
    case 'base64':
      return new Uint8Array(Buffer.from(String(value), 'base64'));
    default:
      throw new DecodeError('body', `unknown type tag ${JSON.stringify(type)}`);
  }
}

/**
 * Turn wire-form values into the JS values task code receives. kombu 5.3+ type tags
 * (docs/protocol.md §4.2) become: `datetime` → `Date` (naive read as UTC), `date`/`time`/`decimal` → their
 * string, `uuid` → the dashed string, `bytes`/`base64` → `Uint8Array`. `bigint` and NaN stay.
 *
 * @example
 * ```ts
 * fromWire({ __type__: 'datetime', __value__: '2024-01-02T03:04:05+00:00' }); // Date
 * ```
 */
export function fromWire(value: WireValue): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof PyFloat) return value.value;
  if (isTag(value)) return decodeTag(value.__type__, value.__value__);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    setOwn(out, k, fromWire(v));
  }
  return out;
}

/**
 * Turn a JS value returned by task code into wire form. With `typeTags` (kombu 5.3+ clients)
 * `Date` becomes a `datetime` tag and bytes a `bytes`/`base64` tag; without (kombu 5.2 clients)
 * `Date` becomes the 5.2 string (`...Z`) and bytes are refused as kombu 5.2 does.
 *
 * @example
 * ```ts
 * toWire(new Date(0), { typeTags: false }); // '1970-01-01T00:00:00Z'
 * ```
 */
export function toWire(value: unknown, options: { typeTags: boolean }): WireValue {
  if (value === undefined) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new EncodeError('cannot encode an invalid Date');
    return options.typeTags
      ? { __type__: 'datetime', __value__: formatPythonIso(value, 'aware') }
      : `${formatPythonIso(value, 'naive')}Z`;
  }
  if (value instanceof PyFloat) return value;
  if (value instanceof Uint8Array) {
    if (!options.typeTags) throw new EncodeError('bytes are not JSON serializable for kombu 5.2 clients');
    const text = new TextDecoder('utf-8', { fatal: false }).decode(value);
    const roundTrips = Buffer.from(text, 'utf8').equals(Buffer.from(value));
    return roundTrips
      ? { __type__: 'bytes', __value__: text }
      : { __type__: 'base64', __value__: Buffer.from(value).toString('base64') };
  }
  if (Array.isArray(value)) return value.map((v) => toWire(v, options));
  if (value instanceof Map) return toWire(Object.fromEntries(value), options);
  if (value instanceof Set) return [...value].map((v) => toWire(v, options));
  switch (typeof value) {
    case 'function':
    case 'symbol':
      throw new EncodeError(`cannot encode a value of type ${typeof value}`);
    case 'object': {
      if (value === null) return null;
      const json = (value as { toJSON?: () => unknown }).toJSON;
      if (typeof json === 'function') return toWire(json.call(value), options);
      const out: Record<string, WireValue> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        setOwn(out, k, toWire(v, options));
      }
      return out;
    }
    default:
      return value;
  }
}
