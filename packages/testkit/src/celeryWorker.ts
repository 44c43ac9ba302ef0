import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { CeleryClientConfig } from './celeryClient.js';
import { DEBIAN_PYTHON } from './python.js';

const SCRIPT = readFileSync(new URL('./celery_worker.py', import.meta.url), 'utf8');

/** A running Python Celery worker. */
export interface CeleryWorker {
  /** The worker's main process id (a prefork pool's processes are its children). */
  pid: number | undefined;
  /** What the worker printed so far (its log). */
  output(): string;
  /** Terminate it (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** How the worker runs and receives; each unset one keeps `celery_worker.py`'s default. */
export interface CeleryWorkerOptions {
  pool?: 'solo' | 'prefork' | 'threads';
  concurrency?: number;
  /** kombu's SQS `wait_time_seconds`: the long-poll wait of a receive (default 1; 0 = short receives). */
  waitTimeSeconds?: number;
  /** Celery's `worker_prefetch_multiplier`: messages held per process (default 1). */
  prefetchMultiplier?: number;
}

/**
 * Start a real Celery 5.2 worker (Debian's package) consuming the `celery` queue of a local stack,
 * with the tasks of `celery_worker.py`.
 *
 * @example
 * ```ts
 * const worker = startCeleryWorker(stack.python, { pool: 'prefork', concurrency: 4 });
 * await worker.stop();
 * ```
 */
export function startCeleryWorker(
  config: CeleryClientConfig,
  options: CeleryWorkerOptions = {},
): CeleryWorker {
  const { waitTimeSeconds, prefetchMultiplier, ...run } = options;
  const settings = {
    ...config,
    ...run,
    ...(waitTimeSeconds === undefined ? {} : { wait_time_seconds: waitTimeSeconds }),
    ...(prefetchMultiplier === undefined ? {} : { prefetch_multiplier: prefetchMultiplier }),
  };
  const child = spawn(DEBIAN_PYTHON, ['-c', SCRIPT, JSON.stringify(settings)], {
    env: {
      ...process.env,
      PYTHONDONTWRITEBYTECODE: '1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8').on('data', (d: string) => {
      output += d;
    });
  }
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    pid: child.pid,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
