/**
 * Shared shapes of the Celery wire protocol and of the runner's ports.
 * Names follow Celery's own words (`eta`, `expires`, `retries`, `link_error`) so a Celery user
 * recognises them; see docs/protocol.md for the meaning of every field.
 */

/** A value as it travels on the wire after kombu JSON decoding: `bigint` for integers beyond
 * 2^53, `number` (including NaN/±Infinity) otherwise, type-tag objects left as they are. */
export type WireValue = unknown;

/** Transports whose payloads the codec can unwrap. `envelope` is a bare kombu envelope object. */
export type TransportName = 'sqs' | 'azure-queue' | 'pubsub' | 'envelope';

/** A Pub/Sub delivery as a CloudEvent or push request carries it. */
export interface PubSubPayload {
  data_base64: string;
  attributes?: Record<string, string>;
}

/** What a transport delivers: SQS body or Azure queue text, a Pub/Sub message, or an envelope. */
export type RawPayload = string | PubSubPayload | KombuEnvelope;

/** The kombu envelope shared by every virtual transport (docs/protocol.md §2.1). */
export interface KombuEnvelope {
  body: string;
  'content-type': string;
  'content-encoding': string;
  headers: Record<string, WireValue>;
  properties: Record<string, WireValue>;
}

/** A Celery signature dict (docs/protocol.md §2.5), exactly as on the wire. */
export interface SignatureDict {
  task: string;
  args: WireValue[];
  kwargs: Record<string, WireValue>;
  options: Record<string, WireValue>;
  subtask_type: string | null;
  immutable: boolean;
  [key: string]: WireValue;
}

/** One decoded task message, protocol 1 or 2, in wire form. */
export interface TaskMessage {
  protocol: 1 | 2;
  id: string;
  task: string;
  args: WireValue[];
  kwargs: Record<string, WireValue>;
  callbacks: SignatureDict[] | null;
  errbacks: SignatureDict[] | null;
  /** Remaining chain, reversed: the next task is the last element. */
  chain: SignatureDict[] | null;
  chord: SignatureDict | null;
  eta: string | null;
  expires: string | null;
  retries: number;
  /** `[hard, soft]` seconds. */
  timelimit: [number | null, number | null];
  root_id: string | null;
  parent_id: string | null;
  group: string | null;
  group_index: number | null;
  shadow: string | null;
  ignore_result: boolean | null;
  origin: string | null;
  reply_to: string | null;
  correlation_id: string | null;
  /** The Celery queue name, unmangled (`delivery_info.routing_key`). */
  routing_key: string | null;
  priority: number | null;
  content_type: string;
  content_encoding: string;
  custom_headers: Record<string, WireValue>;
  stamps: Record<string, WireValue> | null;
  /** `replaced_task_nesting`, from headers (5.3.5+) or properties (older). */
  replaced_task_nesting: number;
  /** The envelope `properties` as received, for republishing with the same options. */
  properties: Record<string, WireValue>;
  /** The envelope `headers` as received. */
  headers: Record<string, WireValue>;
}

/** Celery task states (docs/protocol.md §6.2). Custom states are any other string. */
export type TaskState = 'PENDING' | 'STARTED' | 'RETRY' | 'FAILURE' | 'SUCCESS' | 'REVOKED' | (string & {});

/** A serialized exception as Celery stores it (docs/protocol.md §6.3). */
export interface ExceptionInfo {
  exc_type: string;
  exc_message: WireValue[];
  exc_module: string;
}

/** The fields `result_extended` adds to a meta document. */
export interface ExtendedRequestInfo {
  name: string;
  args: WireValue[];
  kwargs: Record<string, WireValue>;
  worker: string;
  retries: number;
  queue: string | null;
}

/** A Celery result tuple: `[[id, parent], null]` or, for groups, `[[gid, parent], [children]]`. */
export type ResultTuple = [[string, ResultTuple | null], ResultTuple[] | null];

/** A task meta document before serialization (docs/protocol.md §6.1). */
export interface ResultMeta {
  task_id: string;
  status: TaskState;
  /** Return value, an {@link ExceptionInfo}, `{pid, hostname}` for STARTED, or null. */
  result: WireValue;
  traceback: string | null;
  children: ResultTuple[] | null;
  /** Set for ready states; the encoder formats it per the configured Celery version. */
  date_done: Date | null;
  group_id?: string | null;
  parent_id?: string | null;
  request?: ExtendedRequestInfo | null;
}
