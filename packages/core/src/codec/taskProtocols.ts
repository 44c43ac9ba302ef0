import { DecodeError } from '../errors.js';
import type { KombuEnvelope, TaskMessage, WireValue } from '../types.js';
import { Fields, type Obj, isObj } from './messageFields.js';
import { setOwn } from './setOwn.js';

/**
 * Celery's and kombu's own headers, in the order Celery writes them; every other top-level header
 * is a custom one.
 */
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

/** Each Celery header's place in {@link CELERY_HEADERS}. */
const HEADER_PLACE: ReadonlyMap<string, number> = new Map([...CELERY_HEADERS].map((name, i) => [name, i]));
const HEADER_ORDER: readonly string[] = [...CELERY_HEADERS];

/**
 * The headers that are neither Celery's nor stamped. Celery writes its own in one order, so each
 * is passed over with one comparison against the one expected next; any other name is looked up.
 */
function customHeaders(headers: Obj, stamped: readonly string[]): Obj {
  const custom: Obj = {};
  let next = 0;
  for (const k of Object.keys(headers)) {
    if (k === HEADER_ORDER[next]) {
      next++;
      continue;
    }
    const place = HEADER_PLACE.get(k);
    if (place !== undefined) next = place + 1;
    else if (!stamped.includes(k)) setOwn(custom, k, headers[k]);
  }
  return custom;
}

function stampsOf(headers: Obj): { stamps: Obj | null; stamped: string[] } {
  const stamps = isObj(headers.stamps) ? headers.stamps : null;
  const stamped = Array.isArray(headers.stamped_headers)
    ? headers.stamped_headers.filter((s): s is string => typeof s === 'string')
    : [];
  return { stamps, stamped };
}

/**
 * The task of a protocol 2 message: options in the headers, `[args, kwargs, embed]` in the body.
 *
 * @example
 * ```ts
 * protocol2(envelope, [[2, 3], {}, null], { taskId: 'a', taskName: 'proj.add' }).args; // [2, 3]
 * ```
 */
export function protocol2(
  env: KombuEnvelope,
  body: WireValue,
  ids: { taskId: string; taskName: string },
): TaskMessage {
  const headers = env.headers;
  const h = new Fields('header', ids);
  if (!Array.isArray(body) || body.length !== 3) {
    throw new DecodeError('protocol', 'protocol 2 body must be [args, kwargs, embed]', ids);
  }
  const [args, kwargs, embed] = body;
  if (!Array.isArray(args)) throw new DecodeError('protocol', 'body args must be a list', ids);
  if (!isObj(kwargs)) throw new DecodeError('protocol', 'body kwargs must be an object', ids);
  if (embed !== null && !isObj(embed))
    throw new DecodeError('protocol', 'body embed must be an object or null', ids);
  const e = new Fields('embed', ids);
  const sigs = embed ?? {};
  const { stamps, stamped } = stampsOf(headers);
  return taskMessage(env, ids, {
    protocol: 2,
    args,
    kwargs,
    callbacks: e.signatures('callbacks', sigs.callbacks),
    errbacks: e.signatures('errbacks', sigs.errbacks),
    chain: e.signatures('chain', sigs.chain),
    chord: e.signature('chord', sigs.chord),
    eta: h.optString('eta', headers.eta),
    expires: h.optString('expires', headers.expires),
    retries: h.optInt('retries', headers.retries) ?? 0,
    timelimit: h.timelimit('timelimit', headers.timelimit),
    root_id: h.optString('root_id', headers.root_id),
    parent_id: h.optString('parent_id', headers.parent_id),
    group: h.optString('group', headers.group),
    group_index: h.optInt('group_index', headers.group_index),
    shadow: h.optString('shadow', headers.shadow),
    ignore_result: h.optBool('ignore_result', headers.ignore_result) ?? false,
    origin: h.optString('origin', headers.origin),
    custom_headers: customHeaders(headers, stamped),
    stamps,
    replaced_task_nesting:
      h.optInt('replaced_task_nesting', headers.replaced_task_nesting) ??
      new Fields('property', ids).optInt('replaced_task_nesting', env.properties.replaced_task_nesting) ??
      0,
  });
}

/**
 * The task of a protocol 1 message: everything in the body dict.
 *
 * @example
 * ```ts
 * protocol1(envelope, { id: 'a', task: 'proj.add', args: [2, 3] }).protocol; // 1
 * ```
 */
export function protocol1(env: KombuEnvelope, body: Obj): TaskMessage {
  const ids = { taskId: typeof body.id === 'string' ? body.id : null, taskName: body.task as string };
  const b = new Fields('protocol 1 body', ids);
  const id = b.string('id', body.id);
  const args = body.args ?? [];
  const kwargs = body.kwargs ?? {};
  if (!Array.isArray(args)) return b.fail('args', 'a list');
  if (!isObj(kwargs)) return b.fail('kwargs', 'an object');
  return taskMessage(
    env,
    { taskId: id, taskName: b.string('task', body.task) },
    {
      protocol: 1,
      args,
      kwargs,
      callbacks: b.signatures('callbacks', body.callbacks),
      errbacks: b.signatures('errbacks', body.errbacks),
      chain: null,
      chord: b.signature('chord', body.chord),
      eta: b.optString('eta', body.eta),
      expires: b.optString('expires', body.expires),
      retries: b.optInt('retries', body.retries) ?? 0,
      timelimit: b.timelimit('timelimit', body.timelimit),
      root_id: null,
      parent_id: null,
      group: b.optString('taskset', body.taskset) ?? b.optString('group', body.group),
      group_index: b.optInt('group_index', body.group_index),
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
  const properties = env.properties;
  const p = new Fields('property', ids);
  const info = isObj(properties.delivery_info) ? properties.delivery_info : {};
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
    reply_to: p.optString('reply_to', properties.reply_to),
    correlation_id: p.optString('correlation_id', properties.correlation_id),
    routing_key: typeof info.routing_key === 'string' ? info.routing_key : null,
    priority: p.optInt('priority', properties.priority),
    content_type: env['content-type'],
    content_encoding: env['content-encoding'],
    custom_headers: f.custom_headers,
    stamps: f.stamps,
    replaced_task_nesting: f.replaced_task_nesting,
    properties,
    headers: env.headers,
  };
}
