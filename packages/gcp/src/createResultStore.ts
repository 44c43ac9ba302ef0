/**
 * Celery results in Firestore: one document per task id.
 */
import {
  type Clock,
  type DateDoneFormat,
  type KeyValueStore,
  type ResultStore,
  ResultTooLarge,
  createKeyValueResultStore,
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
/** Firestore's refusal of a document for its size as {@link ResultTooLarge}; any other error as is. */
function documentTooLarge(error: unknown): unknown {
  const e = error as { code?: number; message?: string };
  if (e.code === INVALID_ARGUMENT && /size|too (big|large)/i.test(e.message ?? ''))
    return new ResultTooLarge(`is refused by Firestore: ${e.message}`);
  return error;
}

/**
 * A {@link ResultStore} on Firestore. Document `celery-task-meta-<id>` holds `result`, the exact
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
export function createResultStore(options: FirestoreResultStoreOptions = {}): Required<ResultStore> {
  const db = options.firestore ?? new Firestore();
  const collection = db.collection(options.collection ?? 'celery');
  const clock = options.clock ?? systemClock;
  const ttlMs = (options.ttlSeconds ?? 86_400) * 1000;
  const doc = (name: string) => collection.doc(name);
  const expiresAt = () => Timestamp.fromMillis(clock.now().getTime() + ttlMs);

  const kv: KeyValueStore = {
    // A document holds at most 1 MiB; the `result` text leaves room for the other fields.
    limit: { bytes: 1_000_000, description: 'Firestore document limit of 1 MiB' },

    async get(name) {
      const text = (await doc(name).get()).get('result');
      return typeof text === 'string' ? text : null;
    },

    async put(name, record, { unlessStartsWith } = {}) {
      const ref = doc(name);
      const data = {
        result: record.text,
        ...(record.status === undefined ? {} : { status: record.status }),
        ...(record.dateDone === undefined
          ? {}
          : { date_done: record.dateDone ? Timestamp.fromDate(record.dateDone) : null }),
        expires_at: expiresAt(),
      };
      if (unlessStartsWith === undefined) {
        await ref.set(data).catch((error: unknown) => {
          throw documentTooLarge(error);
        });
        return true;
      }
      try {
        await ref.create(data);
        return true;
      } catch (error) {
        if ((error as { code?: number }).code !== ALREADY_EXISTS) throw documentTooLarge(error);
      }
      return db
        .runTransaction(async (tx) => {
          const stored = (await tx.get(ref)).get('result');
          if (typeof stored === 'string' && stored.startsWith(unlessStartsWith)) return false;
          tx.set(ref, data);
          return true;
        })
        .catch((error: unknown) => {
          throw documentTooLarge(error);
        });
    },

    increment(name) {
      const ref = doc(name);
      // Celery's GCS backend adds Increment(1) and reads the new value from the write's transform
      // result; this SDK does not expose transform results, so the read happens in the transaction
      // (which locks the document), and the write stays an increment like Celery's.
      return db.runTransaction(async (tx) => {
        const count = Number((await tx.get(ref)).get('chord_count') ?? 0) + 1;
        tx.set(ref, { chord_count: FieldValue.increment(1), expires_at: expiresAt() }, { merge: true });
        return count;
      });
    },

    async delete(name) {
      await doc(name).delete();
    },
  };
  return createKeyValueResultStore(kv, { dateFormat: options.dateFormat ?? 'aware' });
}
