/**
 * Figure 8: the container worker (`celery-cloud worker --provider aws`, the production poller)
 * against a Celery 5.2 prefork worker: the same tasks from a Python Celery client, the same SQS
 * emulator queue and DynamoDB store, the same concurrency and long-poll wait (1 s). Throughput
 * and tasks per CPU-second of the worker's whole process tree (prefork children included). Both
 * hold the same messages: Celery at its default prefetch multiplier, 4 (16 held at `-c 4`, acked
 * before the task), ours with `--prefetch` 12 (4 running and 12 ahead, acked once stored). Ours
 * runs as users run it: the published bin (compiled, `node packages/cli/dist/bin.js`), with a
 * compiled tasks module.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { type LocalAwsStackWithConfig, startLocalAwsStack } from '../packages/local/src/aws/index.js';
import { startCeleryWorker } from '../packages/testkit/src/celeryWorker.js';
import { drainWindow, sendAll } from './drainStack.js';

const ROOT = new URL('../', import.meta.url).pathname;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
/** Celery's default `worker_prefetch_multiplier`: it holds this many messages per process. */
const CELERY_PREFETCH_MULTIPLIER = 4;

/** CPU seconds (user + system) used so far by `root` and every live process under it. */
function treeCpuSeconds(root: number): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while the list was read.
    }
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        total += t;
        break;
      }
    }
  }
  return total / TICKS_PER_SECOND;
}

/** Tasks per second and per CPU-second from 5% to 100% of the results stored (start-up left out). */
async function drain(
  stack: LocalAwsStackWithConfig,
  ids: string[],
  pid: number,
  timeoutMs: number,
): Promise<{ rate: number; perCpuSecond: number }> {
  const w = await drainWindow(stack, ids, timeoutMs, () => treeCpuSeconds(pid));
  const done = ids.length - w.fromCount;
  return { rate: done / w.seconds, perCpuSecond: done / (w.end - w.start) };
}

/** The compiled tasks module, beside the CLI's build so `@celery-cloud/core` is the CLI's own copy. */
const TASKS = 'packages/cli/dist/bench-tasks.js';
let built = false;

/** Build the CLI and its packages once per bench run, and write the compiled tasks module. */
function buildCli(): void {
  if (built) return;
  execFileSync('pnpm', ['--filter', '@celery-cloud/cli...', 'run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  writeFileSync(
    `${ROOT}${TASKS}`,
    [
      '// The task both workers of the worker benchmark run: proj.add(a, b).',
      "import { defineTask } from '@celery-cloud/core';",
      "export const add = defineTask('proj.add', (_ctx, a, b) => a + b);",
      '',
    ].join('\n'),
  );
  built = true;
}

function startOurWorker(stack: LocalAwsStackWithConfig, concurrency: number): ChildProcess {
  buildCli();
  return spawn(
    process.execPath,
    [
      'packages/cli/dist/bin.js',
      'worker',
      '--provider',
      'aws',
      '--tasks',
      TASKS,
      '--queue-url',
      stack.queueUrl,
      '--concurrency',
      String(concurrency),
      // As many messages held as Celery holds: the running ones and the rest ahead.
      '--prefetch',
      String((CELERY_PREFETCH_MULTIPLIER - 1) * concurrency),
      '--wait-time',
      '1',
      '--summary-interval',
      '0',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...stack.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
}

/** The process id of a worker that started; one that could not start has none. */
function startedPid(worker: { pid?: number | undefined }): number {
  if (worker.pid === undefined) throw new Error('the worker process did not start');
  return worker.pid;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** One worker's figures: tasks per second and tasks per CPU-second of its processes. */
export interface WorkerFigures {
  rate: number;
  perCpuSecond: number;
}

/**
 * One run of each worker on fresh stacks.
 *
 * @example
 * ```ts
 * const { ours, celery } = await benchWorker({ tasks: 1000, concurrency: 4 });
 * ```
 */
export async function benchWorker(options: { tasks: number; concurrency: number }): Promise<{
  ours: WorkerFigures;
  celery: WorkerFigures;
}> {
  let ours: WorkerFigures;
  {
    const stack = await startLocalAwsStack({ visibilityTimeoutSeconds: 60 });
    try {
      const ids = await sendAll(stack, options.tasks);
      const child = startOurWorker(stack, options.concurrency);
      let log = '';
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        log = (log + d).slice(-4000);
      });
      try {
        ours = await drain(stack, ids, startedPid(child), 300_000);
      } catch (e) {
        throw new Error(`${(e as Error).message}; worker log: ${log}`);
      } finally {
        await stopChild(child);
      }
    } finally {
      await stack.stop();
    }
  }
  let celery: WorkerFigures;
  {
    const stack = await startLocalAwsStack({ visibilityTimeoutSeconds: 60 });
    try {
      const ids = await sendAll(stack, options.tasks);
      // Celery as users run it: its default prefetch multiplier (the test kit's worker holds 1).
      const worker = startCeleryWorker(stack.python, {
        pool: 'prefork',
        concurrency: options.concurrency,
        prefetchMultiplier: CELERY_PREFETCH_MULTIPLIER,
      });
      try {
        celery = await drain(stack, ids, startedPid(worker), 600_000);
      } finally {
        await worker.stop();
      }
    } finally {
      await stack.stop();
    }
  }
  return { ours, celery };
}
