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
  /** Seconds `AsyncResult.get` waits. */
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
  config: { broker_url: string; queue_url: string; backend_url: string },
  calls: CeleryCall[],
): Promise<CeleryOutcome[]> {
  const run = await runPython(SCRIPT, {
    args: [JSON.stringify(config)],
    input: JSON.stringify(calls),
    // The emulators accept any credentials; boto3 only needs some.
    env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' },
    timeoutMs: 120_000,
  });
  if (run.code !== 0) throw new Error(`Python client failed (${run.code}): ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '[]') as CeleryOutcome[];
}
