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
  options: { pool?: 'solo' | 'prefork' | 'threads'; concurrency?: number } = {},
): CeleryWorker {
  const child = spawn(DEBIAN_PYTHON, ['-c', SCRIPT, JSON.stringify({ ...config, ...options })], {
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
