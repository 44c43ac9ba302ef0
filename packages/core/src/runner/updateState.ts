/**
 * Custom task states written while a task runs, as Celery's `Task.update_state(state=..., meta=...)`
 * stores them (docs/protocol.md §6): `status` the state name, `result` the meta, `date_done` null.
 */
import type { ResultStore } from '../ports.js';
import type { ResultMeta, TaskState, WireValue } from '../types.js';

/** States only the runner writes: a task that stored one itself would be taken as finished. */
const RUNNER_STATES = new Set(['SUCCESS', 'FAILURE', 'REVOKED']);

/** Writes a task's custom states while it runs; closed once the task has ended. */
export interface StateUpdater {
  /** Store `state` with `meta` as its result; false when the task has already ended (not stored). */
  update(state: string, meta: WireValue): Promise<boolean>;
  /** Stop taking updates and wait for those in flight, so none lands after the final state. */
  close(): Promise<void>;
}

/**
 * A {@link StateUpdater} for one execution. `meta` builds the stored document the way the runner
 * builds every other (group, parent, `result_extended` request fields).
 *
 * @example
 * ```ts
 * const updater = stateUpdater(backend, (status, result) => ({ task_id: id, status, result, traceback: null, children: [], date_done: null }));
 * await updater.update('PROGRESS', { current: 1, total: 10 });
 * ```
 */
export function stateUpdater(
  backend: ResultStore,
  meta: (status: TaskState, result: WireValue) => ResultMeta,
): StateUpdater {
  let open = true;
  const inFlight = new Set<Promise<unknown>>();
  return {
    async update(state, result) {
      if (typeof state !== 'string' || state === '')
        throw new TypeError(
          `updateState: the state must be a non-empty string, got ${JSON.stringify(state)}`,
        );
      if (RUNNER_STATES.has(state))
        throw new TypeError(
          `updateState: ${state} is written by the runner when the task ends; return, throw or retry instead`,
        );
      if (!open) return false;
      const write = backend.set(meta(state, result));
      inFlight.add(write);
      try {
        await write;
      } finally {
        inFlight.delete(write);
      }
      return true;
    },
    async close() {
      open = false;
      await Promise.allSettled([...inFlight]);
    },
  };
}
