import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { KombuEnvelope, SignatureDict, WireValue } from '../types.js';
import { stringifyKombuJson } from './kombuJsonWriter.js';
import { argsRepr, kwargsRepr } from './pythonRepr.js';

/** What a protocol-2 message is built from: Celery's own names, everything but the task optional. */
export interface TaskMessageInit {
  id: string;
  task: string;
  args: WireValue[];
  kwargs: Record<string, WireValue>;
  eta?: string | null;
  expires?: string | null;
  retries?: number;
  timelimit?: [number | null, number | null];
  root_id?: string | null;
  parent_id?: string | null;
  group?: string | null;
  group_index?: number | null;
  shadow?: string | null;
  ignore_result?: boolean | null;
  origin?: string | null;
  reply_to?: string | null;
  /** The Celery queue name (`delivery_info.routing_key`); default `celery`. */
  routing_key?: string | null;
  priority?: number | null;
  callbacks?: SignatureDict[] | null;
  errbacks?: SignatureDict[] | null;
  chain?: SignatureDict[] | null;
  chord?: SignatureDict | null;
  replaced_task_nesting?: number;
  custom_headers?: Record<string, WireValue>;
  stamps?: Record<string, WireValue> | null;
  /** Extra envelope properties (e.g. `MessageGroupId`), kept as Celery keeps unknown options. */
  properties?: Record<string, WireValue>;
}

const DEFAULT_ORIGIN = `gen${process.pid}@${hostname()}`;

/**
 * Build a protocol-2 kombu envelope exactly as Celery 5.6 publishes it (docs/protocol.md §2.1-2.6): headers in
 * Celery's order, the body `[args, kwargs, embed]` as base64 of kombu JSON. Python Celery 5.2 and
 * 5.6 workers accept it.
 *
 * @example
 * ```ts
 * const envelope = encodeTaskMessage({ id: 'abc', task: 'proj.add', args: [2, 3], kwargs: {} });
 * ```
 */
export function encodeTaskMessage(init: TaskMessageInit): KombuEnvelope {
  const embed = {
    callbacks: init.callbacks ?? null,
    errbacks: init.errbacks ?? null,
    chain: init.chain ?? null,
    chord: init.chord ?? null,
  };
  const stamps = init.stamps ?? {};
  const stampNames = Object.keys(stamps);
  const headers: Record<string, WireValue> = {
    lang: 'py',
    task: init.task,
    id: init.id,
    shadow: init.shadow ?? null,
    eta: init.eta ?? null,
    expires: init.expires ?? null,
    group: init.group ?? null,
    group_index: init.group_index ?? null,
    retries: init.retries ?? 0,
    timelimit: init.timelimit ?? [null, null],
    root_id: init.root_id ?? init.id,
    parent_id: init.parent_id ?? null,
    argsrepr: argsRepr(init.args),
    kwargsrepr: kwargsRepr(init.kwargs),
    origin: init.origin ?? DEFAULT_ORIGIN,
    ignore_result: init.ignore_result ?? false,
    replaced_task_nesting: init.replaced_task_nesting ?? 0,
    stamped_headers: stampNames.length > 0 ? stampNames : null,
    stamps,
    ...init.custom_headers,
  };
  const properties: Record<string, WireValue> = {
    correlation_id: init.id,
    reply_to: init.reply_to ?? randomUUID(),
    delivery_mode: 2,
    delivery_info: { exchange: '', routing_key: init.routing_key ?? 'celery' },
    priority: init.priority ?? 0,
    body_encoding: 'base64',
    delivery_tag: randomUUID(),
    ...init.properties,
  };
  const body = stringifyKombuJson([init.args, init.kwargs, embed]);
  return {
    body: Buffer.from(body, 'utf8').toString('base64'),
    'content-encoding': 'utf-8',
    'content-type': 'application/json',
    headers,
    properties,
  };
}
