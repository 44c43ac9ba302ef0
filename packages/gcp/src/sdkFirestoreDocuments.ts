/**
 * {@link FirestoreDocuments} on the Firestore SDK (`@google-cloud/firestore`), for a client the
 * caller made or where neither the emulator nor a Google Cloud runtime is found.
 */
import { onceUnlessFailed } from '@celery-cloud/core';
import type { Firestore } from '@google-cloud/firestore';
import type { DocumentFields, DocumentValue, FirestoreDocuments } from './firestoreDocuments.js';
import { loadFirestoreSdk } from './sdkModules.js';

// gRPC's ALREADY_EXISTS.
const ALREADY_EXISTS = 6;

/**
 * The collection's documents through the SDK's client. The SDK is imported on the first call, and
 * `firestore` is awaited then: a client made on first use stays out of the cold start.
 *
 * @example
 * ```ts
 * const docs = sdkFirestoreDocuments(async () => new (await loadFirestoreSdk()).Firestore(), 'celery');
 * ```
 */
export function sdkFirestoreDocuments(
  firestore: () => Firestore | Promise<Firestore>,
  collection: string,
): FirestoreDocuments {
  const connect = onceUnlessFailed(async () => ({ db: await firestore(), sdk: await loadFirestoreSdk() }));
  const ref = async (id: string) => (await connect()).db.collection(collection).doc(id);
  const value = (v: unknown): DocumentValue | undefined =>
    v === undefined || v === null || typeof v === 'string' || typeof v === 'number'
      ? v
      : (v as { toDate(): Date }).toDate();

  return {
    async read(id, field) {
      return value((await (await ref(id)).get()).get(field));
    },

    async set(id, fields) {
      await (await ref(id)).set(fields);
    },

    async create(id, fields) {
      try {
        await (await ref(id)).create(fields);
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === ALREADY_EXISTS) return false;
        throw error;
      }
    },

    async replaceUnless(id, fields, field, keep) {
      const { db } = await connect();
      const doc = await ref(id);
      return db.runTransaction(async (tx) => {
        if (keep(value((await tx.get(doc)).get(field)))) return false;
        tx.set(doc, fields);
        return true;
      });
    },

    async increment(id, counter, fields: DocumentFields) {
      const { db, sdk } = await connect();
      const doc = await ref(id);
      // Celery's GCS backend adds Increment(1) and reads the new value from the write's transform
      // result; this SDK does not expose transform results, so the read happens in the transaction
      // (which locks the document), and the write stays an increment like Celery's.
      return db.runTransaction(async (tx) => {
        const count = Number((await tx.get(doc)).get(counter) ?? 0) + 1;
        tx.set(doc, { ...fields, [counter]: sdk.FieldValue.increment(1) }, { merge: true });
        return count;
      });
    },

    async delete(id) {
      await (await ref(id)).delete();
    },
  };
}
