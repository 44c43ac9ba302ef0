/**
 * The rules every result store keeps (docs/protocol.md §6), as one suite each implementation runs:
 * memory, DynamoDB, Azure Blob, Firestore. Byte-level checks stay with each store's golden vectors.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';

/** A task meta as the stores take it (structurally core's `ResultMeta`). */
interface Meta {
  task_id: string;
  status: string;
  result: unknown;
  traceback: string | null;
  children: unknown[];
  date_done: Date | null;
}

/** The result-store port, structurally (core's `ResultStore`, whose meta type is `M`; the testkit
 * does not depend on core). */
export interface ResultStoreUnderTest<M> {
  get(taskId: string): Promise<{ status: string; result: unknown } | null>;
  set(meta: M): Promise<boolean>;
  getGroup(groupId: string): Promise<unknown[] | null>;
  saveGroup(groupId: string, result: unknown): Promise<void>;
  deleteGroup(groupId: string): Promise<void>;
  incrChordCounter(groupId: string): Promise<number>;
  deleteChordCounter(groupId: string): Promise<void>;
  forget?(taskId: string): Promise<void>;
}

/** Options of {@link describeResultStoreContract}. */
export interface ResultStoreContractOptions {
  /** Concurrent chord-counter increments to check (default 10). */
  concurrency?: number;
  /** Milliseconds each test may take (default vitest's). */
  timeout?: number;
}

/** A task meta with `date_done` fixed, for store tests. */
export const sampleMeta = (id: string, status: string, result: unknown = null): Meta => ({
  task_id: id,
  status,
  result,
  traceback: null,
  children: [],
  date_done: new Date('2026-11-24T12:00:00Z'),
});

/**
 * Registers the result-store contract tests in the current `describe` block. `create` is called
 * inside each test, so it may use what the block's `beforeAll` started (an emulator).
 *
 * @example
 * ```ts
 * describe('DynamoDB result store', () => {
 *   describeResultStoreContract(() => createResultStore({ client: stack.dynamo, table: stack.table }));
 * });
 * ```
 */
export function describeResultStoreContract<M>(
  create: () => ResultStoreUnderTest<M>,
  options: ResultStoreContractOptions = {},
): void {
  const n = options.concurrency ?? 10;
  const id = (name: string) => `${name}-${randomUUID()}`;
  const meta = (taskId: string, status: string, result: unknown = null) =>
    sampleMeta(taskId, status, result) as M;

  it('reads an unknown task and group as null (PENDING)', async () => {
    const store = create();
    expect(await store.get(id('none'))).toBeNull();
    expect(await store.getGroup(id('none'))).toBeNull();
  });

  it(
    'never replaces a stored SUCCESS, but lets later states replace earlier ones',
    async () => {
      const store = create();
      const t = id('once');
      expect(await store.set(meta(t, 'STARTED', { pid: 1, hostname: 'h' }))).toBe(true);
      expect(await store.set(meta(t, 'SUCCESS', 1))).toBe(true);
      expect(await store.set(meta(t, 'FAILURE', { exc_type: 'X', exc_message: [], exc_module: 'm' }))).toBe(
        false,
      );
      expect(await store.get(t)).toMatchObject({ status: 'SUCCESS', result: 1 });
    },
    options.timeout,
  );

  it(
    'counts chord parts without losing any under concurrency, and resets on delete',
    async () => {
      const store = create();
      const g = id('gid');
      const counts = await Promise.all(Array.from({ length: n }, () => store.incrChordCounter(g)));
      expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      await store.deleteChordCounter(g);
      expect(await store.incrChordCounter(g)).toBe(1);
    },
    options.timeout,
  );

  it(
    'saves, reads and deletes group records',
    async () => {
      const store = create();
      const g = id('grp');
      const tuples = [[g, null], [[['g1', null], null]]];
      await store.saveGroup(g, tuples);
      expect(await store.getGroup(g)).toEqual(tuples);
      await store.deleteGroup(g);
      expect(await store.getGroup(g)).toBeNull();
    },
    options.timeout,
  );

  it(
    'forgets a task meta, as AsyncResult.forget() does',
    async () => {
      const store = create();
      const t = id('gone');
      await store.set(meta(t, 'SUCCESS', 2));
      await store.forget?.(t);
      expect(await store.get(t)).toBeNull();
    },
    options.timeout,
  );
}
