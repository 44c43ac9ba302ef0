import { DecodeError } from '../errors.js';
import type { KombuEnvelope, PubSubPayload, RawPayload, TransportName, WireValue } from '../types.js';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './decodeLimits.js';
import { parseKombuJson, stringifyKombuJson } from './kombuJson.js';

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
  const bytes = Buffer.from(text, 'base64');
  // Node skips characters that are not base64, so strict text decodes to exactly this length.
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return text.length % 4 === 0 && bytes.length === (text.length / 4) * 3 - padding ? bytes : null;
}

function isPubSubPayload(payload: unknown): payload is PubSubPayload {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    typeof (payload as PubSubPayload).data_base64 === 'string'
  );
}

function envelopeText(transport: TransportName, payload: RawPayload): string | KombuEnvelope {
  switch (transport) {
    case 'sqs': {
      if (typeof payload !== 'string') throw new DecodeError('transport', 'an SQS body must be a string');
      // sqs_base64_encoding=False sends the envelope JSON itself (docs/protocol.md §5.1, §8.1).
      if (payload.trimStart().startsWith('{')) return payload;
      return decodeUtf8(decodeBase64(payload, 'transport'));
    }
    case 'azure-queue':
      if (typeof payload === 'string') return payload;
      return asEnvelopeObject(payload);
    case 'pubsub':
      if (!isPubSubPayload(payload))
        throw new DecodeError('transport', 'a Pub/Sub payload needs data_base64');
      return decodeUtf8(decodeBase64(payload.data_base64, 'transport'));
    case 'envelope':
      return asEnvelopeObject(payload);
    default:
      throw new DecodeError('transport', `unknown transport ${JSON.stringify(transport)}`);
  }
}

function decodeUtf8(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
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
  const text = envelopeText(transport, payload);
  const value: WireValue = typeof text === 'string' ? parseKombuJson(text, 'envelope', limits) : text;
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
  return { ...env, headers, properties, 'content-encoding': env['content-encoding'] ?? 'utf-8' };
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
