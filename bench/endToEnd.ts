/**
 * Figure 6: tasks per second on the local AWS stack, the same tasks sent by a Python Celery 5.2
 * client, drained by our handler and by a real Celery 5.2 worker (prefork, same concurrency).
 * Both receive alike: short receives (no long-poll wait) of up to 10 messages, as the local
 * stand-in of Lambda's event source mapping receives; Celery with its own default prefetch
 * multiplier (4, so up to 16 held at `-c 4`, asked for 10 at most per receive).
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

/** Celery's receive settings for the figure: short receives, its default prefetch multiplier. */
const CELERY_RECEIVES_AS_OURS = { waitTimeSeconds: 0, prefetchMultiplier: 4 } as const;

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
      const worker = startCeleryWorker(stack.python, {
        pool: 'prefork',
        concurrency: options.concurrency,
        ...CELERY_RECEIVES_AS_OURS,
      });
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
