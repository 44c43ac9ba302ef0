import { parseKombuJson } from '../codec/kombuJson.js';
/**
 * The Celery result store every key-value adapter shares: keys, record shapes, the SUCCESS guard
 * and chord counting live here once; an adapter only moves bytes through {@link KeyValueStore}.
 */
import { decodeResultMeta, encodeGroupMeta, encodeResultMeta } from '../codec/resultMeta.js';
import type { DateDoneFormat } from '../codec/resultMeta.js';
import { ResultTooLarge } from '../errors.js';
import type { ResultStore } from '../ports.js';
import type { ResultMeta } from '../types.js';
import { SUCCESS_PREFIX, chordCounterKey, groupMetaKey, taskMetaKey } from './celeryKeys.js';

/** A value to store: its text, and the status and time a store may keep beside it (Firestore fields). */
export interface KeyValueRecord {
  text: string;
  status?: string;
  dateDone?: Date | null;
}

/**
 * A byte-level store: DynamoDB items, Azure blobs, Firestore documents. Knows nothing of Celery.
 *
 * @example
 * ```ts
 * const kv: KeyValueStore = { get: async () => null, put: async () => true, increment: async () => 1, delete: async () => {} };
 * ```
 */
export interface KeyValueStore {
  /** The largest value text the store holds, and how to name that limit in an error. */
  readonly limit?: { bytes: number; description: string };
  /** The stored text under `key`, or null. */
  get(key: string): Promise<string | null>;
  /**
   * Store `record` under `key`. With `unlessStartsWith`, atomically skip the write (and return
   * false) when the stored text starts with it. A refusal for size is thrown as `ResultTooLarge`.
   */
  put(key: string, record: KeyValueRecord, options?: { unlessStartsWith?: string }): Promise<boolean>;
  /** Atomically add one to the counter under `key` (absent = 0) and return the new value. */
  increment(key: string): Promise<number>;
  /** Delete `key`; no error when it is absent. */
  delete(key: string): Promise<void>;
}

/** Options of {@link createKeyValueResultStore}. */
export interface KeyValueResultStoreOptions {
  /** `date_done` as Celery 5.5+ writes it (`aware`, default) or as Celery ≤ 5.4 (`naive`). */
  dateFormat?: DateDoneFormat;
}

/**
 * A {@link ResultStore} over a {@link KeyValueStore}, byte-compatible with Celery's key-value
 * backends (docs/protocol.md §6).
 *
 * @example
 * ```ts
 * const store = createKeyValueResultStore(kv, { dateFormat: 'aware' });
 * ```
 */
export function createKeyValueResultStore(
  kv: KeyValueStore,
  options: KeyValueResultStoreOptions = {},
): Required<ResultStore> {
  const dateFormat = options.dateFormat ?? 'aware';

  const put = async (key: string, record: KeyValueRecord, what: string, unlessStartsWith?: string) => {
    if (kv.limit) {
      const bytes = Buffer.byteLength(record.text);
      if (bytes > kv.limit.bytes)
        throw new ResultTooLarge(`${what} is ${bytes} bytes, over the ${kv.limit.description}`);
    }
    try {
      return await kv.put(key, record, unlessStartsWith === undefined ? {} : { unlessStartsWith });
    } catch (error) {
      if (error instanceof ResultTooLarge) throw new ResultTooLarge(`${what} ${error.message}`);
      throw error;
    }
  };

  return {
    async get(taskId) {
      const text = await kv.get(taskMetaKey(taskId));
      return text === null ? null : decodeResultMeta(text);
    },

    set(meta: ResultMeta) {
      const text = encodeResultMeta(meta, { dateFormat });
      const record = { text, status: meta.status, dateDone: meta.date_done };
      const what = `the ${meta.status} meta of task ${meta.task_id}`;
      return put(taskMetaKey(meta.task_id), record, what, SUCCESS_PREFIX);
    },

    forget: (taskId) => kv.delete(taskMetaKey(taskId)),

    async getGroup(groupId) {
      const text = await kv.get(groupMetaKey(groupId));
      if (text === null) return null;
      const doc = parseKombuJson(text) as { result?: unknown };
      return Array.isArray(doc.result) ? doc.result : null;
    },

    async saveGroup(groupId, result) {
      await put(groupMetaKey(groupId), { text: encodeGroupMeta(result) }, `the group record of ${groupId}`);
    },

    deleteGroup: (groupId) => kv.delete(groupMetaKey(groupId)),
    incrChordCounter: (groupId) => kv.increment(chordCounterKey(groupId)),
    deleteChordCounter: (groupId) => kv.delete(chordCounterKey(groupId)),
  };
}
