/**
 * What figures 6 and 8 share: the same `proj.add` tasks sent by a Python Celery 5.2 client to the
 * local AWS stack, and the window from 5% to 100% of their results stored (start-up left out).
 */
import { createRequire } from 'node:module';
import type { LocalAwsStackWithConfig } from '../packages/local/src/aws/index.js';
import { celerySendAndGet } from '../packages/testkit/src/celeryClient.js';

// The SDK is a dependency of packages/aws, resolved from there.
const { ScanCommand } = createRequire(new URL('../packages/aws/package.json', import.meta.url))(
  '@aws-sdk/client-dynamodb',
) as { ScanCommand: new (input: { TableName: string; Select: 'COUNT' }) => never };

async function stored(stack: LocalAwsStackWithConfig): Promise<number> {
  const r = (await stack.dynamo.send(new ScanCommand({ TableName: stack.table, Select: 'COUNT' }))) as {
    Count?: number;
  };
  return r.Count ?? 0;
}

/** Send `tasks` × `proj.add(i, i)` from the Python client without waiting for results. */
export async function sendAll(stack: LocalAwsStackWithConfig, tasks: number): Promise<void> {
  await celerySendAndGet(
    stack.python,
    Array.from({ length: tasks }, (_, i) => ({ name: 'proj.add', args: [i, i], no_wait: true })),
  );
}

/** The drain from 5% to 100% of the results stored: its length, and `sample()` read at each end. */
export interface DrainWindow<T> {
  /** Results already stored when the window opened. */
  fromCount: number;
  seconds: number;
  start: T;
  end: T;
}

/**
 * Wait until all `tasks` results are stored; the window opens at 5% of them.
 *
 * @example
 * ```ts
 * const w = await drainWindow(stack, 200, 300_000, () => null);
 * const rate = (200 - w.fromCount) / w.seconds;
 * ```
 */
export async function drainWindow<T>(
  stack: LocalAwsStackWithConfig,
  tasks: number,
  timeoutMs: number,
  sample: () => T,
): Promise<DrainWindow<T>> {
  const deadline = Date.now() + timeoutMs;
  let from: { at: number; start: T; count: number } | null = null;
  for (;;) {
    const count = await stored(stack);
    if (from === null && count >= tasks * 0.05) from = { at: performance.now(), start: sample(), count };
    if (count >= tasks && from) {
      const seconds = (performance.now() - from.at) / 1000;
      return { fromCount: from.count, seconds, start: from.start, end: sample() };
    }
    if (Date.now() > deadline) throw new Error(`only ${count} of ${tasks} results after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
