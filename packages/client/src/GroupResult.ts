/**
 * The results of a group's members, in order, as Celery's `GroupResult`.
 */
import type { ResultStore, ResultTuple } from '@celery-cloud/core';
import { AsyncResult, type GetOptions, type ParentResult } from './AsyncResult.js';
import type { TaskFailedError } from './errors.js';

/**
 * A group's id and its members' results.
 *
 * @example
 * ```ts
 * const group = await client.apply(client.group(add.s(1, 1), add.s(2, 2)));
 * await group.get({ timeout: 10 }); // [2, 4]
 * ```
 */
export class GroupResult<T = unknown> implements ParentResult {
  constructor(
    readonly id: string,
    readonly results: AsyncResult<T>[],
    readonly backend: ResultStore,
  ) {}

  /** Read a group record a client saved (`celery-taskset-meta-<id>`), or null. */
  static async restore(id: string, backend: ResultStore): Promise<GroupResult | null> {
    const stored = await backend.getGroup(id);
    const members = (stored?.[1] ?? null) as ResultTuple[] | null;
    if (!members) return null;
    return new GroupResult(
      id,
      members.map(([[memberId]]) => new AsyncResult(memberId, backend)),
      backend,
    );
  }

  /** Store the group record so others can restore it (Celery's `save()`). */
  save(): Promise<void> {
    return this.backend.saveGroup(this.id, [[this.id, null], this.results.map((r) => [[r.id, null], null])]);
  }

  async ready(): Promise<boolean> {
    return (await Promise.all(this.results.map((r) => r.ready()))).every(Boolean);
  }

  async successful(): Promise<boolean> {
    return (await Promise.all(this.results.map((r) => r.successful()))).every(Boolean);
  }

  /** How many members are done. */
  async completedCount(): Promise<number> {
    return (await Promise.all(this.results.map((r) => r.successful()))).filter(Boolean).length;
  }

  async failure(): Promise<TaskFailedError | null> {
    for (const result of this.results) {
      const failed = await result.failure();
      if (failed) return failed;
    }
    return null;
  }

  /** Every member's value, in order; the first failure in order is thrown (or returned in place). */
  async get(options: GetOptions & { propagate: false }): Promise<Array<T | TaskFailedError>>;
  async get(options?: GetOptions): Promise<T[]>;
  async get(options: GetOptions = {}): Promise<Array<T | TaskFailedError>> {
    const deadline = options.timeout === undefined ? undefined : Date.now() + options.timeout * 1000;
    const values: Array<T | TaskFailedError> = [];
    for (const result of this.results) {
      const timeout = deadline === undefined ? undefined : Math.max(0, (deadline - Date.now()) / 1000);
      values.push(await result.get({ ...options, ...(timeout === undefined ? {} : { timeout }) }));
    }
    return values;
  }
}
