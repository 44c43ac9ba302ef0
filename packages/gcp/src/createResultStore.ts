/**
 * Celery results in Firestore: one document per task id.
 */
import {
  type Clock,
  type DateDoneFormat,
  type KeyValueStore,
  type ResultStore,
  createKeyValueResultStore,
  systemClock,
} from '@celery-cloud/core';
import type { Firestore } from '@google-cloud/firestore';
import { documentTooLarge } from './documentTooLarge.js';
import { firestoreDocumentsFor } from './firestoreDocumentsFor.js';

/** Options of the Firestore result store. */
export interface FirestoreResultStoreOptions {
  /** An SDK client to write through; without it the client `env` calls for (docs/gcp.md). */
  firestore?: Firestore;
  /** Where to look for `FIRESTORE_EMULATOR_HOST`, a Google Cloud runtime and `GOOGLE_CLOUD_PROJECT` (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** The project of the client this creates (default: `GOOGLE_CLOUD_PROJECT`, else the runtime's). */
  projectId?: string;
  /** Deadline of one REST call, retries included, in ms (default 30 000, as the runner's store timeout). */
  timeoutMs?: number;
  /** The collection holding the documents (default `celery`, as Celery's GCS backend uses for chords). */
  collection?: string;
  /** Documents carry `expires_at` = now + this (default one day), for a Firestore TTL policy. */
  ttlSeconds?: number;
  /** `date_done` as Celery 5.5+ writes it (`aware`, default) or as Celery ≤ 5.4 (`naive`). */
  dateFormat?: DateDoneFormat;
  clock?: Clock;
}

/**
 * A {@link ResultStore} on Firestore. Document `celery-task-meta-<id>` holds `result`, the exact
 * JSON text a Celery backend stores (so any Celery reader can decode it), beside `status`,
 * `date_done` and `expires_at` for queries and a TTL policy. A stored SUCCESS is never replaced
 * (create, else read and write atomically). Group records are `celery-taskset-meta-<gid>`; the
 * chord counter is `chord-unlock-<gid>` with `chord_count` and `expires_at`, as Celery 5.5+'s GCS
 * backend keeps it (docs/protocol.md §6.7). Without `firestore`, the emulator and Google Cloud
 * runtimes are reached with a REST client on `fetch` (no SDK loaded), other places with the SDK,
 * imported on first use; both write the same documents.
 *
 * @example
 * ```ts
 * const store = createResultStore({ collection: 'celery' });
 * await store.get('5a1b2c3d-...'); // the meta, or null while PENDING
 * ```
 */
export function createResultStore(options: FirestoreResultStoreOptions = {}): Required<ResultStore> {
  const docs = firestoreDocumentsFor({
    firestore: options.firestore,
    env: options.env ?? process.env,
    projectId: options.projectId,
    collection: options.collection ?? 'celery',
    timeoutMs: options.timeoutMs,
  });
  const clock = options.clock ?? systemClock;
  const ttlMs = (options.ttlSeconds ?? 86_400) * 1000;
  const expiresAt = () => new Date(clock.now().getTime() + ttlMs);
  const sizeChecked = <T>(write: Promise<T>) =>
    write.catch((error: unknown) => {
      throw documentTooLarge(error);
    });

  const kv: KeyValueStore = {
    // A document holds at most 1 MiB; the `result` text leaves room for the other fields.
    limit: { bytes: 1_000_000, description: 'Firestore document limit of 1 MiB' },

    async get(name) {
      const text = await docs.read(name, 'result');
      return typeof text === 'string' ? text : null;
    },

    async put(name, record, { unlessStartsWith } = {}) {
      const fields = {
        result: record.text,
        ...(record.status === undefined ? {} : { status: record.status }),
        ...(record.dateDone === undefined ? {} : { date_done: record.dateDone }),
        expires_at: expiresAt(),
      };
      if (unlessStartsWith === undefined) {
        await sizeChecked(docs.set(name, fields));
        return true;
      }
      if (await sizeChecked(docs.create(name, fields))) return true;
      const stored = (text: unknown) => typeof text === 'string' && text.startsWith(unlessStartsWith);
      return sizeChecked(docs.replaceUnless(name, fields, 'result', stored));
    },

    // Celery's GCS backend keeps the counter so: chord_count += 1, expires_at beside it.
    increment: (name) => docs.increment(name, 'chord_count', { expires_at: expiresAt() }),

    delete: (name) => docs.delete(name),
  };
  return createKeyValueResultStore(kv, { dateFormat: options.dateFormat ?? 'aware' });
}
