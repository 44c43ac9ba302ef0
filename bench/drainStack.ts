/**
 * What figures 6 and 8 share: the same `proj.add` tasks sent by a Python Celery 5.2 client to the
 * local AWS stack, and the window from 5% to 100% of their results stored (start-up left out).
 * Results are looked up by key (`BatchGetItem` of the ids not yet seen, in send order) rather
 * than counted by a `Scan`: a scan every 50 ms of a table of 2,000 results cost the emulators,
 * which run in this process and which both workers wait on, about a third of their thread.
 */
import { createRequire } from 'node:module';
import { pythonBytesRepr } from '../packages/aws/src/index.js';
import { taskMetaKey } from '../packages/core/src/index.js';
import type { LocalAwsStackWithConfig } from '../packages/local/src/aws/index.js';
import { celerySendAndGet } from '../packages/testkit/src/celeryClient.js';

// The SDK is a dependency of packages/aws, resolved from there.
const { BatchGetItemCommand } = createRequire(new URL('../packages/aws/package.json', import.meta.url))(
  '@aws-sdk/client-dynamodb',
) as {
  BatchGetItemCommand: new (input: {
    RequestItems: Record<string, { Keys: Array<{ id: { S: string } }>; ProjectionExpression: string }>;
  }) => never;
};

/** DynamoDB answers at most 100 keys per `BatchGetItem`. */
const KEYS_PER_CALL = 100;

/** The keys of `keys` whose results are stored. */
async function storedOf(stack: LocalAwsStackWithConfig, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  let asking = keys;
  while (asking.length > 0) {
    const r = (await stack.dynamo.send(
      new BatchGetItemCommand({
        RequestItems: {
          [stack.table]: { Keys: asking.map((S) => ({ id: { S } })), ProjectionExpression: 'id' },
        },
      }),
    )) as {
      Responses?: Record<string, Array<{ id?: { S?: string } }>>;
      UnprocessedKeys?: Record<string, { Keys?: Array<{ id: { S: string } }> }>;
    };
    for (const item of r.Responses?.[stack.table] ?? []) if (item.id?.S) found.add(item.id.S);
    asking = (r.UnprocessedKeys?.[stack.table]?.Keys ?? []).map((k) => k.id.S);
  }
  return found;
}

/**
 * The results of `ids` still missing, looked up from the front (send order) until a call finds
 * some missing: the later ones are mostly not run yet.
 */
function resultWatch(stack: LocalAwsStackWithConfig, ids: string[]) {
  const missing = ids.map((id) => pythonBytesRepr(taskMetaKey(id)));
  return async (): Promise<number> => {
    for (let from = 0; from < missing.length; ) {
      const keys = missing.slice(from, from + KEYS_PER_CALL);
      const found = await storedOf(stack, keys);
      const still = keys.filter((k) => !found.has(k));
      missing.splice(from, keys.length, ...still);
      if (still.length > 0) break;
    }
    return ids.length - missing.length;
  };
}

/** Send `tasks` × `proj.add(i, i)` from the Python client without waiting for results; their ids. */
export async function sendAll(stack: LocalAwsStackWithConfig, tasks: number): Promise<string[]> {
  const sent = await celerySendAndGet(
    stack.python,
    Array.from({ length: tasks }, (_, i) => ({ name: 'proj.add', args: [i, i], no_wait: true })),
  );
  return sent.map((s) => s.id);
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
 * Wait until the results of all `ids` are stored; the window opens at 5% of them.
 *
 * @example
 * ```ts
 * const ids = await sendAll(stack, 200);
 * const w = await drainWindow(stack, ids, 300_000, () => null);
 * const rate = (ids.length - w.fromCount) / w.seconds;
 * ```
 */
export async function drainWindow<T>(
  stack: LocalAwsStackWithConfig,
  ids: string[],
  timeoutMs: number,
  sample: () => T,
): Promise<DrainWindow<T>> {
  const tasks = ids.length;
  const stored = resultWatch(stack, ids);
  const deadline = Date.now() + timeoutMs;
  let from: { at: number; start: T; count: number } | null = null;
  for (;;) {
    const count = await stored();
    if (from === null && count >= tasks * 0.05) from = { at: performance.now(), start: sample(), count };
    if (count >= tasks && from) {
      const seconds = (performance.now() - from.at) / 1000;
      return { fromCount: from.count, seconds, start: from.start, end: sample() };
    }
    if (Date.now() > deadline) throw new Error(`only ${count} of ${tasks} results after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
