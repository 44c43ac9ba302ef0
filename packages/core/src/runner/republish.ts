/**
 * Re-encoding a received task for the queue: eta deferral (same message) and retries
 * (docs/protocol.md §7.5: same id, next retry count, new eta, parent = own id).
 */
import { encodeTaskMessage } from '../codec/index.js';
import type { Publisher } from '../ports.js';
import type { KombuEnvelope, TaskMessage } from '../types.js';

// Envelope properties the codec derives itself or the transport sets on delivery.
const DERIVED_PROPERTIES = new Set([
  'body_encoding',
  'delivery_tag',
  'delivery_info',
  'delivery_mode',
  'correlation_id',
  'reply_to',
  'priority',
]);

/** Fields a republish may change. */
export interface RepublishChanges {
  retries?: number;
  eta?: string | null;
  parent_id?: string | null;
  root_id?: string | null;
  origin?: string | null;
}

/**
 * The protocol-2 envelope of `message` with `changes` applied; everything else carried over.
 *
 * @example
 * ```ts
 * const envelope = republishEnvelope(message, { retries: message.retries + 1, parent_id: message.id });
 * ```
 */
export function republishEnvelope(
  message: TaskMessage,
  changes: RepublishChanges,
  defaultQueue: string,
): KombuEnvelope {
  const properties = Object.fromEntries(
    Object.entries(message.properties).filter(([key]) => !DERIVED_PROPERTIES.has(key)),
  );
  return encodeTaskMessage({
    id: message.id,
    task: message.task,
    args: message.args,
    kwargs: message.kwargs,
    eta: message.eta,
    expires: message.expires,
    retries: message.retries,
    timelimit: message.timelimit,
    root_id: message.root_id,
    parent_id: message.parent_id,
    group: message.group,
    group_index: message.group_index,
    shadow: message.shadow,
    ignore_result: message.ignore_result,
    origin: message.origin,
    reply_to: message.reply_to,
    routing_key: message.routing_key ?? defaultQueue,
    priority: message.priority,
    callbacks: message.callbacks,
    errbacks: message.errbacks,
    chain: message.chain,
    chord: message.chord,
    custom_headers: message.custom_headers,
    stamps: message.stamps ?? undefined,
    replaced_task_nesting: message.replaced_task_nesting,
    properties,
    ...changes,
  });
}

/**
 * Seconds to ask the transport to delay a message due at `due`: rounded up, capped at the
 * publisher's native maximum (a longer wait is deferred again on the next delivery).
 *
 * @example
 * ```ts
 * delaySecondsUntil(due, now, publisher); // 900 for a due date two hours away on SQS
 * ```
 */
export function delaySecondsUntil(due: Date, now: Date, publisher: Publisher): number {
  const seconds = Math.ceil((due.getTime() - now.getTime()) / 1000);
  return Math.max(0, Math.min(seconds, publisher.maxDelaySeconds));
}
