import type { ScalarTag, Tags } from 'yaml';
import { CodecNotLoadedError, ContentTypeRefusedError, DecodeError } from '../errors.js';
import type { WireValue } from '../types.js';
import { loadedCodec } from './codecModules.js';
import {
  DEFAULT_DECODE_LIMITS,
  DecodeBudget,
  DecodeLimitExceeded,
  type DecodeLimits,
} from './decodeLimits.js';
import { parseKombuJson } from './kombuJson.js';
import { checkMsgpackStructure } from './msgpackStructure.js';
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

/** YAML characters that can introduce a value after the first (`,` `[` `{` `-` `:` `?` `*` or a new line). */
const YAML_VALUE_STARTS = /[,[{\-:?*\n]/g;

/**
 * The core schema's integer tags, refusing a number longer than `maxDigits` before converting it.
 * The YAML parser turns a throwing tag into a document error, so the limit error is kept aside.
 */
function digitCappedTags(budget: DecodeBudget, exceeded: { error?: unknown }): (tags: Tags) => Tags {
  return (tags) =>
    tags.map((tag) => {
      const scalar = tag as ScalarTag;
      if (scalar.tag !== 'tag:yaml.org,2002:int' || !scalar.resolve) return tag;
      const resolve = scalar.resolve;
      return {
        ...scalar,
        resolve: (str, onError, options) => {
          try {
            budget.digits(str.replace(/^[-+]?0[xo]/, '').length);
          } catch (error) {
            exceeded.error ??= error;
            onError((error as Error).message);
            return 0;
          }
          return resolve(str, onError, options);
        },
      } as ScalarTag;
    });
}

function fromYaml(text: string, limits: DecodeLimits): WireValue {
  const yaml = loadedCodec('yaml');
  const budget = new DecodeBudget(limits, 'body');
  // The parser builds a node per value before anything can be counted: bound the count from the
  // text first (conservatively: a character that can start a value in a string counts too).
  let starts = 1;
  YAML_VALUE_STARTS.lastIndex = 0;
  while (YAML_VALUE_STARTS.exec(text) !== null) {
    if (++starts > limits.maxElements)
      throw new DecodeLimitExceeded('body', 'maxElements', limits.maxElements, 'YAML value separators');
  }
  // The core schema builds only plain data; a tag outside it (e.g. !!python/object) is an error.
  const exceeded: { error?: unknown } = {};
  const doc = yaml.parseDocument(text, {
    schema: 'core',
    intAsBigInt: true,
    uniqueKeys: false,
    customTags: digitCappedTags(budget, exceeded),
  });
  if (exceeded.error) throw exceeded.error;
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0)
    throw new DecodeError('body', `invalid YAML: ${problems[0]?.message.split('\n')[0]}`);
  return plainData(doc.toJS({ maxAliasCount: 100 }), 0, budget);
}

function fromMsgpack(data: Buffer, limits: DecodeLimits): WireValue {
  const msgpack = loadedCodec('msgpack');
  checkMsgpackStructure(data, new DecodeBudget(limits, 'body'));
  return plainData(msgpack.decode(data, { useBigInt64: true }), 0, null);
}

/**
 * The wire form of a YAML or msgpack value: `bigint` only where a number would lose precision
 * (as the JSON parser does), bytes as kombu's base64 tag, dates as ISO strings. With a `budget`
 * every value is charged to it (YAML aliases repeat a structure, so only here is it counted).
 */
function plainData(value: unknown, depth: number, budget: DecodeBudget | null): WireValue {
  budget?.enter(depth);
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (Array.isArray(value)) return value.map((v) => plainData(v, depth + 1, budget));
  if (value instanceof Uint8Array)
    return { __type__: 'base64', __value__: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, WireValue> = {};
    for (const [k, v] of value instanceof Map ? value.entries() : Object.entries(value)) {
      setOwn(out, String(k), plainData(v, depth + 1, budget));
    }
    return out;
  }
  return value as WireValue;
}

/**
 * Deserialize a task body by its content type. Pickle and unknown types are refused with
 * {@link ContentTypeRefusedError}; nothing from a payload is ever executed. Every serializer holds
 * the body to `limits` (depth, values, digits), else {@link DecodeLimitExceeded}. YAML and msgpack
 * need their codec loaded by `loadCodecs` first, else {@link CodecNotLoadedError}.
 *
 * @example
 * ```ts
 * deserialize('application/json', Buffer.from('[[1, 2], {}, null]'), DEFAULT_ACCEPT);
 * await loadCodecs(['yaml']);
 * deserialize('application/x-yaml', Buffer.from('- [1, 2]\n- {}\n- null\n'), DEFAULT_ACCEPT);
 * ```
 */
export function deserialize(
  contentType: string,
  data: Buffer,
  accept: readonly string[] = DEFAULT_ACCEPT,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): WireValue {
  if (contentType === CONTENT_TYPES.pickle || !accept.includes(contentType)) {
    throw new ContentTypeRefusedError(contentType);
  }
  try {
    switch (contentType) {
      case CONTENT_TYPES.json:
        return parseKombuJson(data.toString('utf8'), 'body', limits);
      case CONTENT_TYPES.yaml:
        return fromYaml(data.toString('utf8'), limits);
      case CONTENT_TYPES.msgpack:
        return fromMsgpack(data, limits);
    }
  } catch (cause) {
    if (cause instanceof DecodeError || cause instanceof CodecNotLoadedError) throw cause;
    throw new DecodeError('body', `cannot deserialize ${contentType}: ${(cause as Error).message}`);
  }
  throw new ContentTypeRefusedError(contentType);
}
