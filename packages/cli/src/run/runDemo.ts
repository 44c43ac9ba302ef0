import { randomUUID } from 'node:crypto';
import {
  ConfigError,
  type Publisher,
  type ResultMeta,
  type ResultStore,
  encodeTaskMessage,
} from '@celery-cloud/core';
import type { LineSink } from './ProgressPrinter.js';

/** One call the demo makes. */
export interface DemoCall {
  task: string;
  args: unknown[];
}

// Tasks of examples/tasks.ts; those the loaded module lacks are skipped.
const demoCalls: DemoCall[] = [
  { task: 'tasks.add', args: [2, 3] },
  { task: 'tasks.mul', args: [4, 5] },
  { task: 'tasks.tsum', args: [[1, 2, 3, 4]] },
  { task: 'tasks.fail', args: ['demo input'] },
];

const READY_STATES = new Set(['SUCCESS', 'FAILURE', 'REVOKED']);

/**
 * The demo calls whose task is loaded. Throws a {@link ConfigError} when there is none, before
 * anything is started.
 *
 * @example
 * ```ts
 * const calls = planDemo(registry.names()); // [{ task: 'tasks.add', args: [2, 3] }, ...]
 * ```
 */
export function planDemo(taskNames: readonly string[]): DemoCall[] {
  const calls = demoCalls.filter((call) => taskNames.includes(call.task));
  if (calls.length === 0) {
    throw new ConfigError(
      `--demo sends ${demoCalls.map((c) => c.task).join(', ')}: load examples/tasks.ts with --tasks`,
    );
  }
  return calls;
}

/**
 * Publish the demo calls as a Python Celery client does (a protocol 2 envelope, through the
 * provider's publisher), wait for their results in the provider's store and print one line per
 * round trip. Rejects when a result does not arrive within `timeoutMs`.
 *
 * @example
 * ```ts
 * await runDemo({ publisher, backend, queue: 'celery', names: { queue: 'SQS', store: 'DynamoDB' },
 *   calls: planDemo(registry.names()), out: process.stdout, timeoutMs: 30_000 });
 * ```
 */
export async function runDemo(options: {
  publisher: Publisher;
  backend: ResultStore;
  /** The Celery queue to send to. */
  queue: string;
  /** How to name the queue and the store in the closing line, e.g. `SQS` and `DynamoDB`. */
  names: { queue: string; store: string };
  calls: readonly DemoCall[];
  out: LineSink;
  timeoutMs: number;
}): Promise<void> {
  const { publisher, backend, out, calls, queue } = options;
  out.write(`demo: sending ${calls.length} tasks to ${queue}\n`);
  const trips = calls.map(async (call) => {
    const id = randomUUID();
    const started = performance.now();
    const envelope = encodeTaskMessage({
      id,
      task: call.task,
      args: call.args,
      kwargs: {},
      routing_key: queue,
    });
    await publisher.publish(envelope, { queue });
    const meta = await waitForResult(() => backend.get(id), options.timeoutMs, `${call.task} (${id})`);
    const elapsed = Math.round(performance.now() - started);
    out.write(
      `demo: ${call.task}(${call.args.map((a) => JSON.stringify(a)).join(', ')}) -> ${describe(meta)} in ${elapsed} ms\n`,
    );
  });
  await Promise.all(trips);
  out.write(
    `demo: ${calls.length} round trips completed (sent to ${options.names.queue}, run, result read back from ${options.names.store})\n`,
  );
}

async function waitForResult(
  read: () => Promise<ResultMeta | null>,
  timeoutMs: number,
  what: string,
): Promise<ResultMeta> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const meta = await read();
    if (meta !== null && READY_STATES.has(meta.status)) return meta;
    if (Date.now() > deadline) throw new Error(`demo: no result for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function describe(meta: ResultMeta): string {
  if (meta.status === 'SUCCESS') return `${JSON.stringify(meta.result)} (SUCCESS)`;
  const error = meta.result as { exc_type?: string; exc_message?: unknown[] } | null;
  const message = (error?.exc_message ?? []).map((m) => JSON.stringify(m)).join(', ');
  return `${error?.exc_type ?? 'error'}(${message}) (${meta.status})`;
}

/**
 * Run the demo (when given) and return when it is done, or at a shutdown signal; with
 * `keepRunning`, wait for the signal after the demo too.
 *
 * @example
 * ```ts
 * await untilStopped(shutdown, options.demo ? { publisher, backend, ... } : null, { keepRunning: options.keepRunning });
 * ```
 */
export async function untilStopped(
  shutdown: { received: Promise<unknown> },
  demo: Parameters<typeof runDemo>[0] | null,
  { keepRunning }: { keepRunning: boolean },
): Promise<void> {
  if (demo === null) {
    await shutdown.received;
    return;
  }
  const finished = await Promise.race([runDemo(demo).then(() => 'demo' as const), shutdown.received]);
  if (finished === 'demo' && keepRunning) await shutdown.received;
}
