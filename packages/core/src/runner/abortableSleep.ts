/**
 * Wait `ms` milliseconds, or less when `signal` aborts (at once when it already has); never rejects.
 *
 * @example
 * ```ts
 * await abortableSleep(1000, stopping.signal);
 * ```
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
