/**
 * Figure 6: tasks per second on the local AWS stack, the same tasks sent by a Python Celery 5.2
 * client, drained by our handler and by a real Celery 5.2 worker (prefork, same concurrency).
 * Ours receives as the local stand-in of Lambda's event source mapping does (short receives of
 * up to 10); Celery keeps the test kit's 1 s long poll and prefetch multiplier 1, which on a full
 * queue answers at once too: given our short receives (and its default multiplier, 4) it drained
 * slower in most runs (bench/notes.ts), and the comparator is not to be made slow.
 */
import { handlerFromEnv } from '../packages/aws/src/index.js';
import { TaskRegistry, defineTask } from '../packages/core/src/index.js';
import {
  type LocalAwsStackWithConfig,
  startEventSourceMapping,
  startLocalAwsStack,
} from '../packages/local/src/aws/index.js';
import { startCeleryWorker } from '../packages/testkit/src/celeryWorker.js';
import { drainWindow, sendAll } from './drainStack.js';

/** Tasks per second from 5% to 100% of the results stored: start-up left out on both sides. */
async function drainRate(stack: LocalAwsStackWithConfig, ids: string[], timeoutMs: number): Promise<number> {
  const { fromCount, seconds } = await drainWindow(stack, ids, timeoutMs, () => null);
  return (ids.length - fromCount) / seconds;
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
  const tasks = new TaskRegistry().register(defineTask('proj.add', (_ctx, a: number, b: number) => a + b));
  let ours: number;
  {
    const stack = await startLocalAwsStack({ visibilityTimeoutSeconds: 60 });
    try {
      const ids = await sendAll(stack, options.tasks);
      const env = { ...stack.env, CELERY_CLOUD_CONCURRENCY: String(options.concurrency) };
      const mapping = startEventSourceMapping({
        sqs: stack.sqs,
        queueUrl: stack.queueUrl,
        handler: handlerFromEnv(env, { tasks }),
        visibilityTimeoutSeconds: 60,
      });
      try {
        ours = await drainRate(stack, ids, 300_000);
      } finally {
        await mapping.stop();
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
