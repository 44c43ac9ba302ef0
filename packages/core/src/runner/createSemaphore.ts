/**
 * A small counting semaphore bounding how many messages of a batch run at once.
 */

/**
 * Limits concurrent work to `limit` callers; the rest wait in arrival order.
 *
 * @example
 * ```ts
 * const semaphore = createSemaphore(10);
 * await Promise.all(items.map((item) => semaphore.run(() => handle(item))));
 * ```
 */
export interface Semaphore {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Callers waiting for their turn. */
  readonly waiting: number;
}

/** Create a {@link Semaphore} admitting `limit` (≥ 1) concurrent tasks. */
export function createSemaphore(limit: number): Semaphore {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  return {
    async run(work) {
      if (active < limit) active += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await work();
      } finally {
        release();
      }
    },
    get waiting() {
      return waiting.length;
    },
  };
}
