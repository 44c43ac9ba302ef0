/**
 * Figure 6: tasks per second on the local AWS stack, the same tasks sent by a Python Celery 5.2
 * client, drained by our handler and by a real Celery 5.2 worker (prefork, same concurrency).
 * Ours runs in its own process, as Lambda runs apart from the queue (the emulators run in the
 * bench's process), and receives as the local stand-in of Lambda's event source mapping does
 * (short receives of up to 10, one invocation at a time, the next batch received and the last one
 * deleted while an invocation runs, as Lambda's pollers do); Celery keeps the test kit's 1 s long poll and prefetch multiplier 1, which on a full
 * queue answers at once too: given our short receives (and its default multiplier, 4) it drained
 * slower in most runs (bench/notes.ts), and the comparator is not to be made slow.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { type LocalAwsStackWithConfig, startLocalAwsStack } from '../packages/local/src/aws/index.js';
import { startCeleryWorker } from '../packages/testkit/src/celeryWorker.js';
import { drainWindow, sendAll } from './drainStack.js';

/** Tasks per second from 5% to 100% of the results stored: start-up left out on both sides. */
async function drainRate(stack: LocalAwsStackWithConfig, ids: string[], timeoutMs: number): Promise<number> {
  const { fromCount, seconds } = await drainWindow(stack, ids, timeoutMs, () => null);
  return (ids.length - fromCount) / seconds;
}

/** Our function in its own process (bench/lambdaStandIn.ts), polling once it prints `ready`. */
async function startLambdaStandIn(env: Record<string, string>): Promise<{ stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@celery-cloud/source', '--import', 'tsx', 'bench/lambdaStandIn.ts'],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [ready] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit')])) as unknown[];
  if (String(ready).trim() !== 'ready')
    throw new Error(`our function stopped before polling (exit ${ready})`);
  return {
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * One run of each side on fresh stacks; tasks per second.
 *
 * @example
 * ```ts
 * const { ours, celery } = await benchEndToEnd({ tasks: 2000, concurrency: 4 });
 * ```
 */
export async function benchEndToEnd(options: { tasks: number; concurrency: number }): Promise<{
  ours: number;
  celery: number;
}> {
  let ours: number;
  {
    const stack = await startLocalAwsStack({ visibilityTimeoutSeconds: 60 });
    try {
      const ids = await sendAll(stack, options.tasks);
      const lambda = await startLambdaStandIn({
        ...stack.env,
        CELERY_CLOUD_CONCURRENCY: String(options.concurrency),
      });
      try {
        ours = await drainRate(stack, ids, 300_000);
      } finally {
        await lambda.stop();
      }
    } finally {
      await stack.stop();
    }
  }
  let celery: number;
  {
    const stack = await startLocalAwsStack({ visibilityTimeoutSeconds: 60 });
    try {
      const ids = await sendAll(stack, options.tasks);
      const worker = startCeleryWorker(stack.python, { pool: 'prefork', concurrency: options.concurrency });
      try {
        celery = await drainRate(stack, ids, 600_000);
      } finally {
        await worker.stop();
      }
    } finally {
      await stack.stop();
    }
  }
  return { ours, celery };
}
