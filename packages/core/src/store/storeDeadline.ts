/**
 * A deadline on every call of a result store: a call that does not answer in time fails with
 * {@link StoreTimeout}, so an unreachable store is a logged, temporary failure rather than a
 * message held without end. The abandoned call is left to finish on its own.
 */
import { ConfigError, StoreTimeout } from '../errors.js';
import type { ResultStore } from '../ports.js';

/**
 * The runner's default deadline on one result-store call: 30 s.
 *
 * @example
 * ```ts
 * const backend = storeWithDeadline(store, options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS);
 * ```
 */
export const DEFAULT_STORE_TIMEOUT_MS = 30_000;

function within<T>(operation: string, timeoutMs: number, call: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeout(operation, timeoutMs)), timeoutMs);
  });
  // The race listens to the call, so a late rejection of an abandoned call is handled, not unhandled.
  return Promise.race([new Promise<T>((resolve) => resolve(call())), deadline]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * `store` with every call bounded by `timeoutMs`: one that does not answer in time rejects with
 * {@link StoreTimeout} naming the operation and the deadline. Throws {@link ConfigError} for a
 * deadline that is not a positive number.
 *
 * @example
 * ```ts
 * const backend = storeWithDeadline(createResultStore({ url }), 30_000);
 * await backend.set(meta); // rejects with StoreTimeout('set', 30000) if the store hangs
 * ```
 */
export function storeWithDeadline(store: ResultStore, timeoutMs: number): ResultStore {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new ConfigError(`storeTimeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  const bounded: ResultStore = {
    get: (taskId) => within('get', timeoutMs, () => store.get(taskId)),
    set: (meta) => within('set', timeoutMs, () => store.set(meta)),
    getGroup: (groupId) => within('getGroup', timeoutMs, () => store.getGroup(groupId)),
    saveGroup: (groupId, result) => within('saveGroup', timeoutMs, () => store.saveGroup(groupId, result)),
    deleteGroup: (groupId) => within('deleteGroup', timeoutMs, () => store.deleteGroup(groupId)),
    incrChordCounter: (groupId) =>
      within('incrChordCounter', timeoutMs, () => store.incrChordCounter(groupId)),
    deleteChordCounter: (groupId) =>
      within('deleteChordCounter', timeoutMs, () => store.deleteChordCounter(groupId)),
  };
  const forget = store.forget?.bind(store);
  if (forget) bounded.forget = (taskId) => within('forget', timeoutMs, () => forget(taskId));
  return bounded;
}
