import { decode as msgpackDecode } from '@msgpack/msgpack';
import { parseDocument } from 'yaml';
import { ContentTypeRefusedError, DecodeError } from '../errors.js';
import type { WireValue } from '../types.js';
import { parseKombuJson } from './kombuJson.js';
import { setOwn } from './setOwn.js';

/** Content types Celery's serializers write (docs/protocol.md §4.1). */
export const CONTENT_TYPES = {
  json: 'application/json',
  yaml: 'application/x-yaml',
  msgpack: 'application/x-msgpack',
  pickle: 'application/x-python-serialize',
} as const;

/** Accepted by default: every safe serializer. Pickle is never accepted. */
export const DEFAULT_ACCEPT: readonly string[] = [
  CONTENT_TYPES.json,
  CONTENT_TYPES.yaml,
  CONTENT_TYPES.msgpack,
];

function fromYaml(text: string): WireValue {
  // The core schema builds only plain data; a tag outside it (e.g. !!python/object) is an error.
  const doc = parseDocument(text, { schema: 'core', intAsBigInt: true, uniqueKeys: false });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0)
    throw new DecodeError('body', `invalid YAML: ${problems[0]?.message.split('\n')[0]}`);
  return normalizeBigInts(doc.toJS({ maxAliasCount: 100 }));
}

function fromMsgpack(data: Buffer): WireValue {
  return normalizeBigInts(msgpackDecode(data, { useBigInt64: true }));
}

/** Keep `bigint` only where a number would lose precision, as the JSON parser does. */
function normalizeBigInts(value: unknown): WireValue {
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (Array.isArray(value)) return value.map(normalizeBigInts);
  if (value instanceof Uint8Array)
    return { __type__: 'base64', __value__: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, WireValue> = {};
    for (const [k, v] of value instanceof Map ? value.entries() : Object.entries(value)) {
      setOwn(out, String(k), normalizeBigInts(v));
    }
    return out;
  }
  return value;
}

/**
 * Deserialize a task body by its content type. Pickle and unknown types are refused with
 * {@link ContentTypeRefusedError}; nothing from a payload is ever executed.
 *
 * @example
 * ```ts
 * deserialize('application/json', Buffer.from('[[1, 2], {}, null]'), DEFAULT_ACCEPT);
 * ```
 */
export function deserialize(
  contentType: string,
  data: Buffer,
  accept: readonly string[] = DEFAULT_ACCEPT,
): WireValue {
  if (contentType === CONTENT_TYPES.pickle || !accept.includes(contentType)) {
    throw new ContentTypeRefusedError(contentType);
  }
  try {
    switch (contentType) {
      case CONTENT_TYPES.json:
        return parseKombuJson(data.toString('utf8'));
      case CONTENT_TYPES.yaml:
        return fromYaml(data.toString('utf8'));
      case CONTENT_TYPES.msgpack:
        return fromMsgpack(data);
    }
  } catch (cause) {
    if (cause instanceof DecodeError) throw cause;
    throw new DecodeError('body', `cannot deserialize ${contentType}: ${(cause as Error).message}`);
  }
  throw new ContentTypeRefusedError(contentType);
}
