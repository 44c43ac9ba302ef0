import { DecodeError } from '../errors.js';
import type { ResultMeta, WireValue } from '../types.js';
import { formatPythonIso, parseCeleryDate } from './celeryDate.js';
import { parseKombuJson } from './kombuJson.js';
import { stringifyKombuJson } from './kombuJsonWriter.js';
import { wireInteger } from './wireNumber.js';

/** How `date_done` is written: naive UTC (Celery ≤5.4) or offset-aware `+00:00` (5.5+). */
export type DateDoneFormat = 'naive' | 'aware';

/**
 * Serialize a task meta as Celery's key/value backends store it (docs/protocol.md §6.1): keys in emission
 * order, `group_id`/`parent_id` only when set, the `result_extended` fields only with a request,
 * `task_id` last, kombu JSON bytes.
 *
 * @example
 * ```ts
 * encodeResultMeta({ task_id: 'a', status: 'SUCCESS', result: 5, traceback: null, children: [], date_done: new Date() });
 * // '{"status": "SUCCESS", "result": 5, "traceback": null, "children": [], "date_done": "…", "task_id": "a"}'
 * ```
 */
export function encodeResultMeta(meta: ResultMeta, options: { dateFormat?: DateDoneFormat } = {}): string {
  const doc: Record<string, WireValue> = {
    status: meta.status,
    result: meta.result,
    traceback: meta.traceback,
    children: meta.children,
    date_done: meta.date_done ? formatPythonIso(meta.date_done, options.dateFormat ?? 'aware') : null,
  };
  if (meta.group_id) doc.group_id = meta.group_id;
  if (meta.parent_id) doc.parent_id = meta.parent_id;
  if (meta.request) {
    const r = meta.request;
    Object.assign(doc, {
      name: r.name,
      args: r.args,
      kwargs: r.kwargs,
      worker: r.worker,
      retries: r.retries,
      queue: r.queue,
    });
  }
  doc.task_id = meta.task_id;
  return stringifyKombuJson(doc);
}

/**
 * Read a stored task meta back (ours or Celery's). `date_done` naive values are read as UTC.
 *
 * @example
 * ```ts
 * decodeResultMeta('{"status": "SUCCESS", "result": 42}').result; // 42
 * ```
 */
export function decodeResultMeta(text: string): ResultMeta {
  const doc = parseKombuJson(text, 'body');
  if (
    typeof doc !== 'object' ||
    doc === null ||
    Array.isArray(doc) ||
    typeof (doc as { status?: unknown }).status !== 'string'
  ) {
    throw new DecodeError('body', 'a result meta must be an object with a status');
  }
  const d = doc as Record<string, WireValue>;
  const meta: ResultMeta = {
    task_id: typeof d.task_id === 'string' ? d.task_id : '',
    status: d.status as string,
    result: d.result ?? null,
    traceback: typeof d.traceback === 'string' ? d.traceback : null,
    children: Array.isArray(d.children) ? (d.children as ResultMeta['children']) : null,
    date_done: typeof d.date_done === 'string' ? parseCeleryDate(d.date_done) : null,
  };
  if (typeof d.group_id === 'string') meta.group_id = d.group_id;
  if (typeof d.parent_id === 'string') meta.parent_id = d.parent_id;
  if (typeof d.name === 'string') {
    meta.request = {
      name: d.name,
      args: Array.isArray(d.args) ? d.args : [],
      kwargs: (d.kwargs as Record<string, WireValue>) ?? {},
      worker: String(d.worker ?? ''),
      retries: wireInteger(d.retries) ?? 0,
      queue: typeof d.queue === 'string' ? d.queue : null,
    };
  }
  return meta;
}

/**
 * Serialize a group record `celery-taskset-meta-<id>` (docs/protocol.md §6.8): `{"result": <tuples>}`.
 *
 * @example
 * ```ts
 * encodeGroupMeta([['grp-1', null], [[['g1', null], null]]]); // '{"result": [["grp-1", null], [[["g1", null], null]]]}'
 * ```
 */
export function encodeGroupMeta(result: WireValue): string {
  return stringifyKombuJson({ result });
}
