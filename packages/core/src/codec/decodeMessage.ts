import { ContentTypeRefusedError, DecodeError } from '../errors.js';
import type { KombuEnvelope, RawPayload, TaskMessage, TransportName } from '../types.js';
import { decompress } from './compression.js';
import {
  DEFAULT_DECODE_LIMITS,
  DecodeLimitExceeded,
  type DecodeLimits,
  decodeLimits,
} from './decodeLimits.js';
import { isObj } from './messageFields.js';
import { DEFAULT_ACCEPT, deserialize } from './serializers.js';
import { protocol1, protocol2 } from './taskProtocols.js';
import { decodeBase64, unwrapTransportBody } from './transport.js';

function decodeBody(
  env: KombuEnvelope,
  predecoded: Buffer | null,
  accept: readonly string[],
  ids: { taskId: string | null; taskName: string | null },
  limits: DecodeLimits,
) {
  try {
    let data: Buffer =
      predecoded ??
      (env.properties.body_encoding === 'base64'
        ? decodeBase64(env.body, 'body')
        : Buffer.from(env.body, 'utf8'));
    const compression = env.headers.compression;
    if (typeof compression === 'string') data = decompress(compression, data, limits.maxDecompressedBytes);
    return deserialize(env['content-type'], data, accept, limits);
  } catch (e) {
    if (e instanceof ContentTypeRefusedError) throw new ContentTypeRefusedError(e.contentType, ids);
    if (e instanceof DecodeLimitExceeded) throw e.withIds(ids);
    if (e instanceof DecodeError) throw new DecodeError(e.layer, e.reason, { ...ids, cause: e });
    throw e;
  }
}

/**
 * The largest payload each transport delivers (SQS 1 MiB, Azure Storage Queue 64 KiB, Pub/Sub
 * 10 MB); anything larger did not come through it and is refused before parsing.
 *
 * @example
 * ```ts
 * TRANSPORT_MAX_BYTES.sqs; // 1048576
 * ```
 */
export const TRANSPORT_MAX_BYTES: Partial<Record<TransportName, number>> = {
  sqs: 1024 * 1024,
  'azure-queue': 64 * 1024,
  pubsub: 10_000_000,
};

function payloadBytes(payload: RawPayload): number | null {
  if (typeof payload === 'string') return Buffer.byteLength(payload, 'utf8');
  const data = isObj(payload) ? payload.data_base64 : undefined;
  return typeof data === 'string' ? Math.floor((data.length * 3) / 4) : null;
}

/**
 * Decode one delivered payload into a {@link TaskMessage}: transport wrapping, kombu envelope,
 * body encoding, compression, serializer, then Celery protocol 2 (`headers.task` present) or
 * protocol 1 (a dict body). Throws {@link DecodeError} (with `taskId` when the headers gave it)
 * or {@link ContentTypeRefusedError} for pickle and unknown content types; a body past
 * `options.limits` (see {@link DecodeLimits}) throws {@link DecodeLimitExceeded}. A YAML, msgpack
 * or bzip2 body throws {@link CodecNotLoadedError} until `await loadCodecs()` has loaded its codec.
 *
 * @example
 * ```ts
 * const task = decodeMessage('sqs', record.body);
 * task.task; // 'proj.tasks.add'
 * task.args; // [2, 3]
 * ```
 */
export function decodeMessage(
  transport: TransportName,
  payload: RawPayload,
  options: { accept?: readonly string[]; maxPayloadBytes?: number; limits?: Partial<DecodeLimits> } = {},
): TaskMessage {
  const limits = options.limits ? decodeLimits(options.limits) : DEFAULT_DECODE_LIMITS;
  const limit = options.maxPayloadBytes ?? TRANSPORT_MAX_BYTES[transport];
  // A UTF-16 unit is at most 3 UTF-8 bytes: a short enough string is not measured.
  const fits = limit === undefined || (typeof payload === 'string' && payload.length * 3 <= limit);
  const size = fits ? null : payloadBytes(payload);
  if (size !== null && limit !== undefined && size > limit) {
    throw new DecodeError(
      'transport',
      `payload of ${size} bytes exceeds the ${transport} limit of ${limit} bytes`,
    );
  }
  const { envelope: env, body: predecoded } = unwrapTransportBody(transport, payload, limits);
  const accept = options.accept ?? DEFAULT_ACCEPT;
  const task = env.headers.task;
  if (task !== undefined) {
    const id = env.headers.id;
    const ids = {
      taskId: typeof id === 'string' ? id : null,
      taskName: typeof task === 'string' ? task : null,
    };
    if (typeof task !== 'string' || task === '')
      throw new DecodeError('protocol', 'header task must be a string', ids);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
    if (/[\u0000-\u001f\u007f]/.test(task))
      throw new DecodeError('protocol', 'header task contains control characters', ids);
    if (typeof id !== 'string' || id === '')
      throw new DecodeError('protocol', 'header id must be a string', ids);
    return protocol2(env, decodeBody(env, predecoded, accept, ids, limits), { taskId: id, taskName: task });
  }
  const body = decodeBody(env, predecoded, accept, { taskId: null, taskName: null }, limits);
  if (isObj(body) && typeof body.task === 'string') return protocol1(env, body);
  throw new DecodeError('protocol', 'neither protocol 2 headers nor a protocol 1 body');
}
