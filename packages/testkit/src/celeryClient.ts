import { readFileSync } from 'node:fs';
import { runPython } from './python.js';

const SCRIPT = readFileSync(new URL('./celery_client.py', import.meta.url), 'utf8');

/** One `send_task` call of the Python client. */
export interface CeleryCall {
  name: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  /** `apply_async` options: `countdown`, `expires`, `task_id`, `ignore_result`, ... */
  options?: Record<string, unknown>;
  /** Seconds `AsyncResult.get` waits (default 60). */
  timeout?: number;
  /** Send only; do not wait for the result. */
  no_wait?: boolean;
}

/** What the Python client saw for one call. */
export interface CeleryOutcome {
  id: string;
  state?: string;
  result_repr?: string;
  exc_class?: string;
  exc_args?: string[];
}

/**
 * Send tasks with Debian's Python Celery 5.2 over SQS and wait for each with `AsyncResult.get()`.
 *
 * @example
 * ```ts
 * const [r] = await celerySendAndGet(stack.python, [{ name: 'proj.add', args: [2, 3] }]);
 * expect(r.result_repr).toBe('5');
 * ```
 */
export async function celerySendAndGet(
  config: CeleryClientConfig,
  calls: CeleryCall[],
): Promise<CeleryOutcome[]> {
  return runClient('send', config, calls) as Promise<CeleryOutcome[]>;
}

/** One canvas case's code: binds `result`, optionally `also` (see celery_client.py). */
export interface CanvasCase {
  code: string;
  /** Seconds each `get()` waits (default 60). */
  timeout?: number;
}

/** What the Python client saw for one canvas case. */
export interface CanvasOutcome {
  result: CeleryOutcome;
  /** `[id, state]` of each parent of the result, nearest first (earlier chain steps). */
  parents: Array<[string, string]>;
  also: CeleryOutcome[];
  /** What the case's code bound to `seen` (states read mid-task, ...), when it did. */
  seen?: unknown;
}

/**
 * Apply canvas workflows (chain, group, chord, map, links) with Debian's Python Celery 5.2 and
 * wait for their results.
 *
 * @example
 * ```ts
 * const [r] = await celeryCanvas(stack.python, [{ code: "result = chain(s('proj.add', 1, 2), s('proj.mul', 10)).delay()" }]);
 * expect(r.result.result_repr).toBe('30');
 * ```
 */
export async function celeryCanvas(
  config: CeleryClientConfig,
  cases: CanvasCase[],
): Promise<CanvasOutcome[]> {
  return runClient('canvas', config, cases) as Promise<CanvasOutcome[]>;
}

/** Where the Python client sends and reads. */
export interface CeleryClientConfig {
  broker_url: string;
  backend_url: string;
  /** SQS: the `celery` queue's URL (kombu's `predefined_queues`). */
  queue_url?: string;
  /** SQS: the kombu queue name behind `queue_url` (default `celery`; `<name>.fifo` for a FIFO queue). */
  queue_name?: string;
  /** Azure Storage Queues on Azurite: its connection string (kombu 5.2 needs a shim to reach it). */
  azurite_connection_string?: string;
}

async function runClient(
  mode: 'send' | 'canvas',
  config: CeleryClientConfig,
  input: unknown,
): Promise<unknown> {
  const run = await runPython(SCRIPT, {
    args: [JSON.stringify(config), mode],
    input: JSON.stringify(input),
    // The emulators accept any credentials; boto3 only needs some.
    env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' },
    timeoutMs: 120_000,
  });
  if (run.code !== 0) throw new Error(`Python client failed (${run.code}): ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '[]');
}
