import type { TaskMessage, WireValue } from '../types.js';

/**
 * The normalized task of the golden vectors (`packages/testkit/vectors/README.md`, "expect"): wire-form
 * values, every key present, in a fixed order. What `celery-cloud decode` prints.
 *
 * @example
 * ```ts
 * toNormalizedTask(decodeMessage('sqs', body)).routing_key; // 'celery'
 * ```
 */
export function toNormalizedTask(m: TaskMessage): Record<string, WireValue> {
  return {
    protocol: m.protocol,
    id: m.id,
    task: m.task,
    args: m.args,
    kwargs: m.kwargs,
    callbacks: m.callbacks,
    errbacks: m.errbacks,
    chain: m.chain,
    chord: m.chord,
    eta: m.eta,
    expires: m.expires,
    retries: m.retries,
    timelimit: m.timelimit,
    root_id: m.root_id,
    parent_id: m.parent_id,
    group: m.group,
    group_index: m.group_index,
    shadow: m.shadow,
    ignore_result: m.ignore_result,
    origin: m.origin,
    reply_to: m.reply_to,
    correlation_id: m.correlation_id,
    routing_key: m.routing_key,
    priority: m.priority,
    content_type: m.content_type,
    content_encoding: m.content_encoding,
    custom_headers: m.custom_headers,
    stamps: m.stamps,
  };
}
