/**
 * Figure 6: tasks per second on the local AWS stack, the same tasks sent by a Python Celery 5.2
 * client, drained by our handler and by a real Celery 5.2 worker (prefork, same concurrency).
 */
import { createRequire } from 'node:module';
import { handlerFromEnv } from '../packages/aws/src/index.js';
import { TaskRegistry, defineTask } from '../packages/core/src/index.js';
import {
  type LocalAwsStackWithConfig,
  startEventSourceMapping,
  startLocalAwsStack,
} from '../packages/local/src/aws/index.js';
import { celerySendAndGet } from '../packages/testkit/src/celeryClient.js';
import { startCeleryWorker } from '../packages/testkit/src/celeryWorker.js';

// The SDK is a dependency of packages/aws, resolved from there.
const { ScanCommand } = createRequire(new URL('../packages/aws/package.json', import.meta.url))(
  '@aws-sdk/client-dynamodb',
) as { ScanCommand: new (input: { TableName: string; Select: 'COUNT' }) => never };

async function stored(stack: LocalAwsStackWithConfig): Promise<number> {
  const r = (await stack.dynamo.send(new ScanCommand({ TableName: stack.table, Select: 'COUNT' }))) as {
    Count?: number;
  };
  return r.Count ?? 0;
}

/** Tasks per second from 5% to 100% of the results stored: start-up left out on both sides. */
async function drainRate(stack: LocalAwsStackWithConfig, tasks: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let from: number | null = null;
  for (;;) {
    const count = await stored(stack);
    if (from === null && count >= tasks * 0.05) from = performance.now();
    if (count >= tasks && from !== null) return (tasks * 0.95) / ((performance.now() - from) / 1000);
    if (Date.now() > deadline) throw new Error(`only ${count} of ${tasks} results after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function sendAll(stack: LocalAwsStackWithConfig, tasks: number): Promise<void> {
  await celerySendAndGet(
    stack.python,
    Array.from({ length: tasks }, (_, i) => ({ name: 'proj.add', args: [i, i], no_wait: true })),
  );
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
      await sendAll(stack, options.tasks);
      const env = { ...stack.env, CELERY_CLOUD_CONCURRENCY: String(options.concurrency) };
      const mapping = startEventSourceMapping({
        sqs: stack.sqs,
        queueUrl: stack.queueUrl,
        handler: handlerFromEnv(env, { tasks }),
        visibilityTimeoutSeconds: 60,
      });
      try {
        ours = await drainRate(stack, options.tasks, 300_000);
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
      await sendAll(stack, options.tasks);
      const worker = startCeleryWorker(stack.python, { pool: 'prefork', concurrency: options.concurrency });
      try {
        celery = await drainRate(stack, options.tasks, 600_000);
      } finally {
        await worker.stop();
      }
    } finally {
      await stack.stop();
    }
  }
  return { ours, celery };
}
