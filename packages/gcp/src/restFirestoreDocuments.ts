/**
 * {@link FirestoreDocuments} on Firestore's REST API (v1) with `fetch`: no SDK, no gRPC, so a
 * function's cold start loads none of them. Writes go through `:commit` with the preconditions
 * and field transforms the SDK sends over gRPC, so the documents are the same.
 */
import { onceUnlessFailed } from '@celery-cloud/core';
import type { DocumentFields, DocumentValue, FirestoreDocuments } from './firestoreDocuments.js';
import {
  FirestoreRequestError,
  type FirestoreRequestTarget,
  type RetryKind,
  firestoreRequest,
} from './firestoreRequest.js';

/** A value in Firestore's REST JSON (`Value`), for the kinds the store writes. */
type RestValue =
  | { stringValue: string }
  | { integerValue: string }
  | { doubleValue: number }
  | { timestampValue: string }
  | { nullValue: null };

interface RestDocument {
  fields?: Record<string, RestValue>;
  updateTime?: string;
}

function encode(value: DocumentValue): RestValue {
  if (value === null) return { nullValue: null };
  if (value instanceof Date) return { timestampValue: value.toISOString() };
  if (typeof value === 'number')
    return Number.isInteger(value) ? { integerValue: String(value) } : { doubleValue: value };
  return { stringValue: value };
}

function decode(value: RestValue | undefined): DocumentValue | undefined {
  if (value === undefined) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('integerValue' in value) return Number(value.integerValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('timestampValue' in value) return new Date(value.timestampValue);
  return null;
}

const encodeFields = (fields: DocumentFields) =>
  Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, encode(value)]));

/** Attempts of a read-check-write before giving up to concurrent writers (the SDK's transactions try 5 times). */
const REPLACE_ATTEMPTS = 5;

/** Options of {@link restFirestoreDocuments}. */
export interface RestFirestoreOptions extends FirestoreRequestTarget {
  /** The project, or where to learn it (the metadata server). */
  projectId: string | (() => Promise<string>);
  collection: string;
}

/**
 * The collection's documents through Firestore's REST API.
 *
 * @example
 * ```ts
 * const docs = restFirestoreDocuments({ baseUrl: 'http://127.0.0.1:8080/v1', token: async () => 'owner', timeoutMs: 30_000, projectId: 'demo', collection: 'celery' });
 * await docs.increment('chord-unlock-g1', 'chord_count', { expires_at: new Date() }); // 1
 * ```
 */
export function restFirestoreDocuments(options: RestFirestoreOptions): FirestoreDocuments {
  const { projectId } = options;
  const project = onceUnlessFailed(async () => (typeof projectId === 'string' ? projectId : projectId()));
  // The project's default database, as the SDK's default.
  const database = async () => `projects/${await project()}/databases/(default)`;
  const documentName = async (id: string) => `${await database()}/documents/${options.collection}/${id}`;
  const documentPath = async (id: string) =>
    `${await database()}/documents/${encodeURIComponent(options.collection)}/${encodeURIComponent(id)}`;

  const fetchDocument = async (id: string, field: string): Promise<RestDocument | null> => {
    try {
      const path = `${await documentPath(id)}?mask.fieldPaths=${encodeURIComponent(field)}`;
      return (await firestoreRequest(options, path, { method: 'GET' }, 'idempotent')) as RestDocument;
    } catch (error) {
      if (error instanceof FirestoreRequestError && error.status === 'NOT_FOUND') return null;
      throw error;
    }
  };

  /** Commit one write, on its own (no transaction). */
  const commit = async (write: Record<string, unknown>, retry: RetryKind) => {
    const body = JSON.stringify({ writes: [write] });
    return firestoreRequest(options, `${await database()}/documents:commit`, { method: 'POST', body }, retry);
  };
  const preconditionFailed = (error: unknown) =>
    error instanceof FirestoreRequestError &&
    (error.status === 'ALREADY_EXISTS' || error.status === 'FAILED_PRECONDITION');
  /** Replace the document; with a precondition, false when it does not hold. */
  const replace = async (id: string, fields: DocumentFields, currentDocument?: object) => {
    const update = { name: await documentName(id), fields: encodeFields(fields) };
    try {
      await commit({ update, ...(currentDocument ? { currentDocument } : {}) }, 'idempotent');
      return true;
    } catch (error) {
      if (currentDocument && preconditionFailed(error)) return false;
      throw error;
    }
  };

  return {
    async read(id, field) {
      return decode((await fetchDocument(id, field))?.fields?.[field]);
    },

    async set(id, fields) {
      await replace(id, fields);
    },

    create: (id, fields) => replace(id, fields, { exists: false }),

    async replaceUnless(id, fields, field, keep) {
      // Optimistic: the write holds only if the document is as read (its updateTime, or absent).
      for (let attempt = 1; ; attempt++) {
        const stored = await fetchDocument(id, field);
        if (keep(decode(stored?.fields?.[field]))) return false;
        const current = stored?.updateTime ? { updateTime: stored.updateTime } : { exists: false };
        if (await replace(id, fields, current)) return true;
        if (attempt === REPLACE_ATTEMPTS)
          throw new FirestoreRequestError(
            'ABORTED',
            `${id} kept changing under ${REPLACE_ATTEMPTS} attempts to replace it`,
          );
      }
    },

    async increment(id, counter, fields) {
      // Celery's GCS backend does the same: Increment(1), the new value read from the transform result.
      const answer = (await commit(
        {
          update: { name: await documentName(id), fields: encodeFields(fields) },
          updateMask: { fieldPaths: Object.keys(fields) },
          updateTransforms: [{ fieldPath: counter, increment: { integerValue: '1' } }],
        },
        'unsent',
      )) as { writeResults?: Array<{ transformResults?: RestValue[] }> };
      const count = decode(answer.writeResults?.[0]?.transformResults?.[0]);
      if (typeof count !== 'number')
        throw new FirestoreRequestError('UNKNOWN', `the increment of ${counter} in ${id} returned no count`);
      return count;
    },

    async delete(id) {
      await firestoreRequest(options, await documentPath(id), { method: 'DELETE' }, 'idempotent');
    },
  };
}
