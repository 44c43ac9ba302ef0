import { isAscii } from 'node:buffer';
import { DecodeError } from '../errors.js';
import type { KombuEnvelope, PubSubPayload, RawPayload, TransportName, WireValue } from '../types.js';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './decodeLimits.js';
import { parseKombuJson } from './kombuJson.js';
import { stringifyKombuJson } from './kombuJsonWriter.js';

/**
 * Decode strict base64; anything else is a {@link DecodeError} at `layer`.
 *
 * @example
 * ```ts
 * decodeBase64('e30=', 'transport').toString(); // '{}'
 * ```
 */
export function decodeBase64(text: string, layer: 'transport' | 'body'): Buffer {
  const bytes = strictBase64(text);
  if (bytes) return bytes;
  // Whitespace (line-wrapped base64) is allowed; looked for only when the plain text fails.
  const unwrapped = /\s/.test(text) ? strictBase64(text.replace(/\s+/g, '')) : null;
  if (unwrapped) return unwrapped;
  throw new DecodeError(layer, 'not valid base64');
}

/** The bytes of strict base64 text, or null. */
function strictBase64(text: string): Buffer | null {
  const n = text.length;
  if (n % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  // Node skips characters that are not base64, so strict text decodes to exactly this length.
  const padding = text.charCodeAt(n - 1) !== 0x3d ? 0 : text.charCodeAt(n - 2) === 0x3d ? 2 : 1;
  return bytes.length === (n / 4) * 3 - padding ? bytes : null;
}

function isPubSubPayload(payload: unknown): payload is PubSubPayload {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    typeof (payload as PubSubPayload).data_base64 === 'string'
  );
}

/** The envelope text, an envelope object, or the envelope read with its body already decoded. */
type Unwrapped = string | KombuEnvelope | Predecoded;

/**
 * An envelope read without its body text (its `body` is empty), the body's bytes, and where the
 * text is in `source`, to be made only when asked for.
 */
class Predecoded {
  constructor(
    readonly envelope: KombuEnvelope,
    readonly body: Buffer,
    private readonly source: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {}

  bodyText(): string {
    return this.source.toString('latin1', this.start, this.end);
  }
}

function envelopeText(transport: TransportName, payload: RawPayload, limits: DecodeLimits): Unwrapped {
  switch (transport) {
    case 'sqs': {
      if (typeof payload !== 'string') throw new DecodeError('transport', 'an SQS body must be a string');
      // sqs_base64_encoding=False sends the envelope JSON itself (docs/protocol.md §5.1, §8.1).
      if (payload.trimStart().startsWith('{')) return payload;
      return envelopeBytes(decodeBase64(payload, 'transport'), limits);
    }
    case 'azure-queue':
      if (typeof payload === 'string') return payload;
      return asEnvelopeObject(payload);
    case 'pubsub':
      if (!isPubSubPayload(payload))
        throw new DecodeError('transport', 'a Pub/Sub payload needs data_base64');
      return envelopeBytes(decodeBase64(payload.data_base64, 'transport'), limits);
    case 'envelope':
      return asEnvelopeObject(payload);
    default:
      throw new DecodeError('transport', `unknown transport ${JSON.stringify(transport)}`);
  }
}

/** How kombu writes every envelope: the body first. */
const BODY_FIRST = '{"body": "';

/**
 * Envelopes shorter than this are read whole: below it, cutting the body out (one more UTF-8
 * decode, a string join) costs more than `JSON.parse` spends copying the body string.
 */
const CUT_BODY_FROM_BYTES = 8192;

/**
 * The envelope from its UTF-8 bytes. kombu writes the (base64) body first and it is nearly all of
 * the envelope, so when the bytes begin `{"body": "` the body is decoded straight from those bytes
 * (base64 admits no quote, backslash, control or non-ASCII character, so it was a valid JSON
 * string), and only the rest is read as JSON; the body's text is made only when asked for.
 * Anything else (another body encoding, a later duplicate `body` key, a body that is not strict
 * base64, any error) reads the whole text the ordinary way, so every answer and error is the same
 * as reading it whole.
 */
function envelopeBytes(bytes: Buffer, limits: DecodeLimits): Unwrapped {
  if (bytes.length >= CUT_BODY_FROM_BYTES && bytes.toString('latin1', 0, BODY_FIRST.length) === BODY_FIRST) {
    const end = bytes.indexOf(0x22, BODY_FIRST.length);
    const body = end === -1 ? null : strictBase64Within(bytes, BODY_FIRST.length, end);
    if (body !== null) {
      try {
        const restText = decodeUtf8(bytes.subarray(end + 1));
        // A later duplicate key would be the one JSON readers keep.
        if (restText.includes('"body"')) return decodeUtf8(bytes);
        const rest = parseKombuJson(`{"body": ""${restText}`, 'envelope', limits);
        const properties = isObject(rest) ? rest.properties : undefined;
        if (
          isObject(rest) &&
          rest.body === '' &&
          isObject(properties) &&
          properties.body_encoding === 'base64'
        ) {
          return new Predecoded(rest as unknown as KombuEnvelope, body, bytes, BODY_FIRST.length, end);
        }
      } catch {
        // Read the whole text below: its error is the one to report.
      }
    }
  }
  return decodeUtf8(bytes);
}

/**
 * Base64 text is turned into strings this many characters at a time: V8 puts a string over
 * 128 KiB in its large-object space, and making one there costs about ten times the copy.
 */
const BASE64_CHUNK = 65536;

/** The bytes of the strict base64 held (as ASCII) in `bytes` from `start` to `end`, or null. */
function strictBase64Within(bytes: Buffer, start: number, end: number): Buffer | null {
  const parts: Buffer[] = [];
  for (let at = start; at < end; at += BASE64_CHUNK) {
    const stop = Math.min(at + BASE64_CHUNK, end);
    // Padding may end the last part only.
    if (stop < end && bytes[stop - 1] === 0x3d) return null;
    const part = strictBase64(bytes.toString('latin1', at, stop));
    if (part === null) return null;
    parts.push(part);
  }
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}

const isObject = (v: unknown): v is Record<string, WireValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The platform's strict UTF-8 decoder, made once. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Strict UTF-8 text. kombu writes JSON with `ensure_ascii`, so nearly every envelope is ASCII,
 * which is read byte for byte (the cheapest string to make) after one vectorised check.
 */
function decodeUtf8(data: Buffer): string {
  if (isAscii(data)) return data.toString('latin1');
  try {
    return UTF8.decode(data);
  } catch {
    throw new DecodeError('transport', 'payload is not UTF-8 text');
  }
}

function asEnvelopeObject(payload: unknown): KombuEnvelope {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DecodeError('envelope', 'envelope must be an object');
  }
  return payload as KombuEnvelope;
}

/**
 * Unwrap the transport layer to the kombu envelope (docs/protocol.md §1 and 5). Every transport carries the
 * same envelope; only the outer wrapping differs. The envelope JSON is held to `limits` as a body is.
 *
 * @example
 * ```ts
 * const envelope = unwrapTransport('sqs', record.body);
 * envelope.headers.task; // 'proj.add'
 * ```
 */
export function unwrapTransport(
  transport: TransportName,
  payload: RawPayload,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): KombuEnvelope {
  const { envelope, predecoded } = readEnvelope(transport, payload, limits);
  if (predecoded) envelope.body = predecoded.bodyText();
  return envelope;
}

/**
 * {@link unwrapTransport}, with the body's bytes when they were decoded on the way (base64 bodies
 * of base64 transports); the envelope's `body` text is then left empty (never made: a large body's
 * text costs more to make than to decode). Else `body` is null and the body is still to decode
 * from the envelope.
 */
export function unwrapTransportBody(
  transport: TransportName,
  payload: RawPayload,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): { envelope: KombuEnvelope; body: Buffer | null } {
  const { envelope, predecoded } = readEnvelope(transport, payload, limits);
  return { envelope, body: predecoded?.body ?? null };
}

/** The checked envelope, and what was decoded of its body on the way. */
function readEnvelope(
  transport: TransportName,
  payload: RawPayload,
  limits: DecodeLimits,
): { envelope: KombuEnvelope; predecoded: Predecoded | null } {
  const text = envelopeText(transport, payload, limits);
  const predecoded = text instanceof Predecoded ? text : null;
  const value = (
    typeof text === 'string' ? parseKombuJson(text, 'envelope', limits) : (predecoded?.envelope ?? text)
  ) as WireValue;
  const env = asEnvelopeObject(value);
  if (typeof env.body !== 'string') throw new DecodeError('envelope', 'envelope has no string body');
  if (typeof env['content-type'] !== 'string')
    throw new DecodeError('envelope', 'envelope has no content-type');
  const headers = env.headers ?? {};
  const properties = env.properties ?? {};
  if (typeof headers !== 'object' || Array.isArray(headers))
    throw new DecodeError('envelope', 'headers must be an object');
  if (typeof properties !== 'object' || Array.isArray(properties)) {
    throw new DecodeError('envelope', 'properties must be an object');
  }
  const envelope = { ...env, headers, properties, 'content-encoding': env['content-encoding'] ?? 'utf-8' };
  return { envelope, predecoded };
}

/**
 * Wrap an envelope as a Python client puts it on a transport: SQS base64 of the envelope JSON
 * (or the JSON itself with `sqsBase64: false`), Azure queue text, or a Pub/Sub message with the
 * `routing_key` attribute (docs/protocol.md §5.5).
 *
 * @example
 * ```ts
 * const body = wrapForTransport(encodeTaskMessage({ id: 'a', task: 'proj.add', args: [1, 2], kwargs: {} }), 'sqs');
 * ```
 */
export function wrapForTransport(
  envelope: KombuEnvelope,
  transport: 'sqs',
  options?: { sqsBase64?: boolean },
): string;
export function wrapForTransport(envelope: KombuEnvelope, transport: 'azure-queue'): string;
export function wrapForTransport(envelope: KombuEnvelope, transport: 'pubsub'): PubSubPayload;
export function wrapForTransport(
  envelope: KombuEnvelope,
  transport: 'sqs' | 'azure-queue' | 'pubsub',
  options?: { sqsBase64?: boolean },
): string | PubSubPayload;
export function wrapForTransport(
  envelope: KombuEnvelope,
  transport: 'sqs' | 'azure-queue' | 'pubsub',
  options: { sqsBase64?: boolean } = {},
): string | PubSubPayload {
  const json = stringifyKombuJson(envelope);
  if (transport === 'azure-queue') return json;
  if (transport === 'sqs')
    return options.sqsBase64 === false ? json : Buffer.from(json, 'utf8').toString('base64');
  const info = envelope.properties.delivery_info as { routing_key?: unknown } | undefined;
  return {
    data_base64: Buffer.from(json, 'utf8').toString('base64'),
    attributes: { routing_key: String(info?.routing_key ?? 'celery') },
  };
}
