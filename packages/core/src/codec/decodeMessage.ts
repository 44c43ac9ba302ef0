import { ContentTypeRefusedError, DecodeError } from '../errors.js';
import type {
  KombuEnvelope,
  RawPayload,
  SignatureDict,
  TaskMessage,
  TransportName,
  WireValue,
} from '../types.js';
import { decompress } from './compression.js';
import {
  DEFAULT_DECODE_LIMITS,
  DecodeLimitExceeded,
  type DecodeLimits,
  decodeLimits,
} from './decodeLimits.js';
import { DEFAULT_ACCEPT, deserialize } from './serializers.js';
import { setOwn } from './setOwn.js';
import { decodeBase64, unwrapTransportBody } from './transport.js';
import { wireInteger, wireNumber } from './wireNumber.js';

/** Celery's and kombu's own headers; every other top-level header is a custom one. */
export const CELERY_HEADERS: ReadonlySet<string> = new Set([
  'lang',
  'task',
  'id',
  'shadow',
  'eta',
  'expires',
  'group',
  'group_index',
  'retries',
  'timelimit',
  'root_id',
  'parent_id',
  'argsrepr',
  'kwargsrepr',
  'origin',
  'ignore_result',
  'replaced_task_nesting',
  'stamped_headers',
  'stamps',
  'meth',
  'compression',
]);

type Obj = Record<string, WireValue>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Fields {
  constructor(
    private readonly source: Obj,
    private readonly where: string,
    private readonly ids: { taskId?: string | null; taskName?: string | null },
  ) {}

  fail(key: string, expected: string): never {
    throw new DecodeError('protocol', `${this.where} ${key} must be ${expected}`, this.ids);
  }

  string(key: string): string {
    const v = this.source[key];
    if (typeof v !== 'string' || v === '') this.fail(key, 'a non-empty string');
    return v;
  }

  optString(key: string): string | null {
    const v = this.source[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(key, 'a string or null');
    return v;
  }

  optInt(key: string): number | null {
    const v = this.source[key];
    if (v === undefined || v === null) return null;
    const n = wireInteger(v);
    if (n === null) this.fail(key, 'an integer or null');
    return n;
  }

  optBool(key: string): boolean | null {
    const v = this.source[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'boolean') this.fail(key, 'a boolean or null');
    return v;
  }

  timelimit(key: string): [number | null, number | null] {
    const raw = this.source[key];
    if (raw === undefined || raw === null) return [null, null];
    if (!Array.isArray(raw) || raw.length !== 2) this.fail(key, 'a [hard, soft] pair');
    const seconds = (x: WireValue | undefined): number | null => {
      if (x === null) return null;
      const n = wireNumber(x);
      if (n === null || !Number.isFinite(n) || n < 0) this.fail(key, 'a [hard, soft] pair');
      return n;
    };
    return [seconds(raw[0]), seconds(raw[1])];
  }

  signatures(key: string): SignatureDict[] | null {
    const v = this.source[key];
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v) || !v.every(isSignature)) this.fail(key, 'a list of signature dicts');
    return v as SignatureDict[];
  }

  signature(key: string): SignatureDict | null {
    const v = this.source[key];
    if (v === undefined || v === null) return null;
    if (!isSignature(v)) this.fail(key, 'a signature dict');
    return v;
  }
}

function isSignature(v: unknown): v is SignatureDict {
  return isObj(v) && typeof v.task === 'string';
}

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

function stampsOf(headers: Obj): { stamps: Obj | null; stamped: string[] } {
  const stamps = isObj(headers.stamps) ? headers.stamps : null;
  const stamped = Array.isArray(headers.stamped_headers)
    ? headers.stamped_headers.filter((s): s is string => typeof s === 'string')
    : [];
  return { stamps, stamped };
}

function protocol2(
  env: KombuEnvelope,
  body: WireValue,
  ids: { taskId: string; taskName: string },
): TaskMessage {
  const h = new Fields(env.headers, 'header', ids);
  if (!Array.isArray(body) || body.length !== 3) {
    throw new DecodeError('protocol', 'protocol 2 body must be [args, kwargs, embed]', ids);
  }
  const [args, kwargs, embed] = body;
  if (!Array.isArray(args)) throw new DecodeError('protocol', 'body args must be a list', ids);
  if (!isObj(kwargs)) throw new DecodeError('protocol', 'body kwargs must be an object', ids);
  if (embed !== null && !isObj(embed))
    throw new DecodeError('protocol', 'body embed must be an object or null', ids);
  const e = new Fields(embed ?? {}, 'embed', ids);
  const { stamps, stamped } = stampsOf(env.headers);
  const custom: Obj = {};
  const headers = env.headers;
  for (const k of Object.keys(headers)) {
    if (!CELERY_HEADERS.has(k) && !stamped.includes(k)) setOwn(custom, k, headers[k]);
  }
  return taskMessage(env, ids, {
    protocol: 2,
    args,
    kwargs,
    callbacks: e.signatures('callbacks'),
    errbacks: e.signatures('errbacks'),
    chain: e.signatures('chain'),
    chord: e.signature('chord'),
    eta: h.optString('eta'),
    expires: h.optString('expires'),
    retries: h.optInt('retries') ?? 0,
    timelimit: h.timelimit('timelimit'),
    root_id: h.optString('root_id'),
    parent_id: h.optString('parent_id'),
    group: h.optString('group'),
    group_index: h.optInt('group_index'),
    shadow: h.optString('shadow'),
    ignore_result: h.optBool('ignore_result') ?? false,
    origin: h.optString('origin'),
    custom_headers: custom,
    stamps,
    replaced_task_nesting:
      h.optInt('replaced_task_nesting') ??
      new Fields(env.properties, 'property', ids).optInt('replaced_task_nesting') ??
      0,
  });
}

function protocol1(env: KombuEnvelope, body: Obj): TaskMessage {
  const ids = { taskId: typeof body.id === 'string' ? body.id : null, taskName: body.task as string };
  const b = new Fields(body, 'protocol 1 body', ids);
  const id = b.string('id');
  const args = body.args ?? [];
  const kwargs = body.kwargs ?? {};
  if (!Array.isArray(args)) return b.fail('args', 'a list');
  if (!isObj(kwargs)) return b.fail('kwargs', 'an object');
  return taskMessage(
    env,
    { taskId: id, taskName: b.string('task') },
    {
      protocol: 1,
      args,
      kwargs,
      callbacks: b.signatures('callbacks'),
      errbacks: b.signatures('errbacks'),
      chain: null,
      chord: b.signature('chord'),
      eta: b.optString('eta'),
      expires: b.optString('expires'),
      retries: b.optInt('retries') ?? 0,
      timelimit: b.timelimit('timelimit'),
      root_id: null,
      parent_id: null,
      group: b.optString('taskset') ?? b.optString('group'),
      group_index: b.optInt('group_index'),
      shadow: null,
      ignore_result: null,
      origin: null,
      custom_headers: {},
      stamps: null,
      replaced_task_nesting: 0,
    },
  );
}

/** What protocol 1 and 2 each read; the rest comes from the envelope alike. */
type ProtocolFields = Omit<
  TaskMessage,
  | 'id'
  | 'task'
  | 'reply_to'
  | 'correlation_id'
  | 'routing_key'
  | 'priority'
  | 'content_type'
  | 'content_encoding'
  | 'properties'
  | 'headers'
>;

/**
 * The task message, every field written out in one literal: spreading a helper's object into a
 * literal this large made V8 build slow objects and cost most of the decoding time.
 */
function taskMessage(
  env: KombuEnvelope,
  ids: { taskId: string; taskName: string },
  f: ProtocolFields,
): TaskMessage {
  const p = new Fields(env.properties, 'property', ids);
  const info = isObj(env.properties.delivery_info) ? env.properties.delivery_info : {};
  return {
    protocol: f.protocol,
    id: ids.taskId,
    task: ids.taskName,
    args: f.args,
    kwargs: f.kwargs,
    callbacks: f.callbacks,
    errbacks: f.errbacks,
    chain: f.chain,
    chord: f.chord,
    eta: f.eta,
    expires: f.expires,
    retries: f.retries,
    timelimit: f.timelimit,
    root_id: f.root_id,
    parent_id: f.parent_id,
    group: f.group,
    group_index: f.group_index,
    shadow: f.shadow,
    ignore_result: f.ignore_result,
    origin: f.origin,
    reply_to: p.optString('reply_to'),
    correlation_id: p.optString('correlation_id'),
    routing_key: typeof info.routing_key === 'string' ? info.routing_key : null,
    priority: p.optInt('priority'),
    content_type: env['content-type'],
    content_encoding: env['content-encoding'],
    custom_headers: f.custom_headers,
    stamps: f.stamps,
    replaced_task_nesting: f.replaced_task_nesting,
    properties: env.properties,
    headers: env.headers,
  };
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
 * `options.limits` (see {@link DecodeLimits}) throws {@link DecodeLimitExceeded}.
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
  const size = payloadBytes(payload);
  const limit = options.maxPayloadBytes ?? TRANSPORT_MAX_BYTES[transport];
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
