import { setTimeout as sleep } from 'node:timers/promises';
import type { ResultMeta, ResultStore } from '@celery-cloud/core';

/**
 * Poll `store` every 100 ms until the result of `id` has `status` or `ms` pass; returns the last
 * read (null when nothing was stored), for the test to assert on.
 *
 * @example
 * ```ts
 * expect(await waitForStatus(store, 'worker-test-1', 'SUCCESS', 20_000)).toMatchObject({ result: 42 });
 * ```
 */
export async function waitForStatus(
  store: ResultStore,
  id: string,
  status: string,
  ms: number,
): Promise<ResultMeta | null> {
  const deadline = Date.now() + ms;
  let meta = await store.get(id);
  while (meta?.status !== status && Date.now() < deadline) {
    await sleep(100);
    meta = await store.get(id);
  }
  return meta;
}
