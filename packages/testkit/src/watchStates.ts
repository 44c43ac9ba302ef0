import { setTimeout as sleep } from 'node:timers/promises';

/** What `watchStates` returns: `stop()` ends the watch and gives the states seen, in order. */
export interface StateWatch {
  stop(): Promise<string[]>;
}

/**
 * Records each distinct state a stored task passes through by reading it every `everyMs` (one
 * read at a time). `stop()` waits for the read in flight and takes one last reading, so the
 * state the client has just seen is never missed by a poll that had not come round yet.
 *
 * @example
 * ```ts
 * const watch = watchStates(() => store.get('flaky-1'));
 * expect(await flaky.get({ timeout: 60 })).toBe('ok after 2');
 * expect(await watch.stop()).toEqual(['RETRY', 'SUCCESS']);
 * ```
 */
export function watchStates(
  read: () => Promise<{ status: string } | null | undefined>,
  everyMs = 50,
): StateWatch {
  const seen = new Set<string>();
  const stopped = new AbortController();
  const look = async (): Promise<void> => {
    const meta = await read().catch(() => null);
    if (meta) seen.add(meta.status);
  };
  const polling = (async () => {
    while (!stopped.signal.aborted) {
      await look();
      await sleep(everyMs, undefined, { signal: stopped.signal }).catch(() => undefined);
    }
  })();
  return {
    async stop() {
      stopped.abort();
      await polling;
      await look();
      return [...seen];
    },
  };
}
