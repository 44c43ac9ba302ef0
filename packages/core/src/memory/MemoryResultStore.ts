/**
 * An in-memory {@link ResultStore} for tests and benchmarks, with fault injection.
 */
import { encodeResultMeta } from '../codec/resultMeta.js';
import { ResultTooLarge } from '../errors.js';
import type { ResultStore } from '../ports.js';
import type { ResultMeta } from '../types.js';

/**
 * Keeps metas, groups and chord counters in maps; deep-clones on the way in and out so callers
 * cannot alias stored state. Applies the SUCCESS-overwrite rule (docs/protocol.md §6.1).
 *
 * @example
 * ```ts
 * const backend = new MemoryResultStore();
 * backend.failNextWrites(1); // the next set() rejects: exercises "store down → redeliver"
 * ```
 */
export class MemoryResultStore implements ResultStore {
  readonly #metas = new Map<string, ResultMeta>();
  readonly #groups = new Map<string, unknown>();
  readonly #counters = new Map<string, number>();
  #failWrites = 0;
  #failReads = 0;
  /** Every meta passed to `set`, in order, including skipped ones. */
  readonly writes: ResultMeta[] = [];
  /** Number of `get` calls. */
  reads = 0;
  readonly #maxMetaBytes: number | undefined;

  /** `maxMetaBytes`: refuse a meta whose stored JSON is larger, as DynamoDB refuses items over
   * 400 KB (`ResultTooLarge`); it is then also encoded as a real store would encode it. */
  constructor(options: { maxMetaBytes?: number } = {}) {
    this.#maxMetaBytes = options.maxMetaBytes;
  }

  /** Make the next `n` writes (`set`, `saveGroup`, counters) reject. */
  failNextWrites(n: number): void {
    this.#failWrites = n;
  }

  /** Make the next `n` `get` calls reject. */
  failNextReads(n: number): void {
    this.#failReads = n;
  }

  #maybeFailWrite(): void {
    if (this.#failWrites > 0) {
      this.#failWrites -= 1;
      throw new Error('memory store: injected write failure');
    }
  }

  async get(taskId: string): Promise<ResultMeta | null> {
    this.reads += 1;
    if (this.#failReads > 0) {
      this.#failReads -= 1;
      throw new Error('memory store: injected read failure');
    }
    const meta = this.#metas.get(taskId);
    return meta ? structuredClone(meta) : null;
  }

  async set(meta: ResultMeta): Promise<boolean> {
    this.#maybeFailWrite();
    if (this.#maxMetaBytes !== undefined) {
      const bytes = Buffer.byteLength(encodeResultMeta(meta, { dateFormat: 'aware' }));
      if (bytes > this.#maxMetaBytes)
        throw new ResultTooLarge(
          `the ${meta.status} meta of ${bytes} bytes exceeds the store's limit of ${this.#maxMetaBytes} bytes`,
        );
    }
    this.writes.push(structuredClone(meta));
    if (this.#metas.get(meta.task_id)?.status === 'SUCCESS') return false;
    this.#metas.set(meta.task_id, structuredClone(meta));
    return true;
  }

  async forget(taskId: string): Promise<void> {
    this.#metas.delete(taskId);
  }

  async getGroup(groupId: string): Promise<unknown[] | null> {
    const group = this.#groups.get(groupId);
    return group === undefined ? null : (structuredClone(group) as unknown[]);
  }

  async saveGroup(groupId: string, result: unknown): Promise<void> {
    this.#maybeFailWrite();
    this.#groups.set(groupId, structuredClone(result));
  }

  async deleteGroup(groupId: string): Promise<void> {
    this.#groups.delete(groupId);
  }

  async incrChordCounter(groupId: string): Promise<number> {
    this.#maybeFailWrite();
    const next = (this.#counters.get(groupId) ?? 0) + 1;
    this.#counters.set(groupId, next);
    return next;
  }

  async deleteChordCounter(groupId: string): Promise<void> {
    this.#counters.delete(groupId);
  }

  /** The current chord counter of a group (0 when absent). */
  chordCounter(groupId: string): number {
    return this.#counters.get(groupId) ?? 0;
  }
}
