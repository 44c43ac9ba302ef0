/**
 * Celery results in Firestore: one document per task id.
 */
import {
  type Clock,
  type DateDoneFormat,
  type ResultBackend,
  type ResultMeta,
  ResultTooLarge,
  decodeResultMeta,
  encodeGroupMeta,
  encodeResultMeta,
  parseKombuJson,
  systemClock,
} from '@celery-cloud/core';
import { FieldValue, Firestore, Timestamp } from '@google-cloud/firestore';

/** Options of the Firestore result store. */
export interface FirestoreResultStoreOptions {
  firestore?: Firestore;
  /** The collection holding the documents (default `celery`, as Celery's GCS backend uses for chords). */
  collection?: string;
  /** Documents carry `expires_at` = now + this (default one day), for a Firestore TTL policy. */
  ttlSeconds?: number;
  /** `date_done` as Celery 5.5+ writes it (`aware`, default) or as Celery ≤ 5.4 (`naive`). */
  dateFormat?: DateDoneFormat;
  clock?: Clock;
}

// gRPC's ALREADY_EXISTS and INVALID_ARGUMENT.
const ALREADY_EXISTS = 6;
const INVALID_ARGUMENT = 3;
/** A Firestore document holds at most 1 MiB; the `result` text leaves room for the other fields. */
const MAX_RESULT_BYTES = 1_000_000;

/** Throws {@link ResultTooLarge} for a `result` text no document can hold. */
function checkDocumentSize(text: string, what: string): void {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_RESULT_BYTES)
    throw new ResultTooLarge(`${what} is ${bytes} bytes, over the Firestore document limit of 1 MiB`);
}

/** Firestore's refusal of a document for its size as {@link ResultTooLarge}; any other error as is. */
function documentTooLarge(error: unknown, what: string): unknown {
  const e = error as { code?: number; message?: string };
  if (e.code === INVALID_ARGUMENT && /size|too (big|large)/i.test(e.message ?? ''))
    return new ResultTooLarge(`${what} is refused by Firestore: ${e.message}`);
  return error;
}

/**
 * A {@link ResultBackend} on Firestore. Document `celery-task-meta-<id>` holds `result`, the exact
 * JSON text a Celery backend stores (so any Celery reader can decode it), beside `status`,
 * `date_done` and `expires_at` for queries and a TTL policy. A stored SUCCESS is never replaced
 * (create, else a transaction). Group records are `celery-taskset-meta-<gid>`; the chord counter is
 * `chord-unlock-<gid>` with `chord_count` and `expires_at`, as Celery 5.5+'s GCS backend keeps it
 * (docs/protocol.md §6.7).
 *
 * @example
 * ```ts
 * const store = createResultStore({ firestore: new Firestore(), collection: 'celery' });
 * await store.get('5a1b2c3d-...'); // the meta, or null while PENDING
 * ```
 */
export function createResultStore(options: FirestoreResultStoreOptions = {}): Required<ResultBackend> {
  const db = options.firestore ?? new Firestore();
  const collection = db.collection(options.collection ?? 'celery');
  const dateFormat = options.dateFormat ?? 'aware';
  const clock = options.clock ?? systemClock;
  const ttlMs = (options.ttlSeconds ?? 86_400) * 1000;
  const doc = (name: string) => collection.doc(name);
  const expiresAt = () => Timestamp.fromMillis(clock.now().getTime() + ttlMs);

  return {
    async get(taskId) {
      const snapshot = await doc(`celery-task-meta-${taskId}`).get();
      const text = snapshot.get('result');
      return typeof text === 'string' ? decodeResultMeta(text) : null;
    },

    async set(meta: ResultMeta) {
      const ref = doc(`celery-task-meta-${meta.task_id}`);
      const what = `the ${meta.status} meta of task ${meta.task_id}`;
      const result = encodeResultMeta(meta, { dateFormat });
      checkDocumentSize(result, what);
      const data = {
        result,
        status: meta.status,
        date_done: meta.date_done ? Timestamp.fromDate(meta.date_done) : null,
        expires_at: expiresAt(),
      };
      try {
        await ref.create(data);
        return true;
      } catch (error) {
        if ((error as { code?: number }).code !== ALREADY_EXISTS) throw documentTooLarge(error, what);
      }
      return db
        .runTransaction(async (tx) => {
          const current = await tx.get(ref);
          if (current.get('status') === 'SUCCESS') return false;
          tx.set(ref, data);
          return true;
        })
        .catch((error: unknown) => {
          throw documentTooLarge(error, what);
        });
    },

    async forget(taskId) {
      await doc(`celery-task-meta-${taskId}`).delete();
    },

    async getGroup(groupId) {
      const text = (await doc(`celery-taskset-meta-${groupId}`).get()).get('result');
      if (typeof text !== 'string') return null;
      const parsed = parseKombuJson(text) as { result?: unknown };
      return Array.isArray(parsed.result) ? parsed.result : null;
    },

    async saveGroup(groupId, result) {
      const what = `the group record of ${groupId}`;
      const text = encodeGroupMeta(result);
      checkDocumentSize(text, what);
      await doc(`celery-taskset-meta-${groupId}`)
        .set({ result: text, expires_at: expiresAt() })
        .catch((error: unknown) => {
          throw documentTooLarge(error, what);
        });
    },

    async deleteGroup(groupId) {
      await doc(`celery-taskset-meta-${groupId}`).delete();
    },

    incrChordCounter(groupId) {
      const ref = doc(`chord-unlock-${groupId}`);
      // Celery's GCS backend adds Increment(1) and reads the new value from the write's transform
      // result; this SDK does not expose transform results, so the read happens in the transaction
      // (which locks the document), and the write stays an increment like Celery's.
      return db.runTransaction(async (tx) => {
        const count = Number((await tx.get(ref)).get('chord_count') ?? 0) + 1;
        tx.set(ref, { chord_count: FieldValue.increment(1), expires_at: expiresAt() }, { merge: true });
        return count;
      });
    },

    async deleteChordCounter(groupId) {
      await doc(`chord-unlock-${groupId}`).delete();
    },
  };
}
