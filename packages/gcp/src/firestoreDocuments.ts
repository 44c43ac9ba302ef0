/**
 * What the Firestore result store needs of a client, in one small port: the store's logic (the
 * SUCCESS guard, the chord counter's fields) is written once against it, and the REST client and
 * the SDK each move documents through it.
 */

/** A field value as the store writes it: text, an integer, a time (a Firestore timestamp) or null. */
export type DocumentValue = string | number | Date | null;

/** A document's fields by name. */
export type DocumentFields = Record<string, DocumentValue>;

/**
 * Documents of one collection, by id.
 *
 * @example
 * ```ts
 * const docs: FirestoreDocuments = restFirestoreDocuments({ ... });
 * await docs.set('celery-taskset-meta-g1', { result: '{"result": []}', expires_at: new Date() });
 * ```
 */
export interface FirestoreDocuments {
  /** The document's `field`, or undefined when the document or the field is absent. */
  read(id: string, field: string): Promise<DocumentValue | undefined>;
  /** Replace the document (or create it) with `fields`. */
  set(id: string, fields: DocumentFields): Promise<void>;
  /** Create the document with `fields`; false, writing nothing, when it exists. */
  create(id: string, fields: DocumentFields): Promise<boolean>;
  /**
   * Atomically read `field` and, unless `keep(stored)` holds, replace the document with `fields`;
   * true when it wrote.
   */
  replaceUnless(
    id: string,
    fields: DocumentFields,
    field: string,
    keep: (stored: DocumentValue | undefined) => boolean,
  ): Promise<boolean>;
  /**
   * Atomically add one to the integer `counter` (absent = 0), set `fields` beside it (the other
   * fields stay), and return the new count.
   */
  increment(id: string, counter: string, fields: DocumentFields): Promise<number>;
  /** Delete the document; no error when it is absent. */
  delete(id: string): Promise<void>;
}
