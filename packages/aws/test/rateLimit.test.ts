import { TaskRegistry, defineTask } from '@celery-cloud/core';
import {
  type LocalAwsStackWithConfig,
  startEventSourceMapping,
  startLocalAwsStack,
} from '@celery-cloud/local/aws';
import { celerySendAndGet, hasPythonCelery } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerFromEnv } from '../src/index.js';

const starts: number[] = [];
const tasks = new TaskRegistry().register(
  defineTask(
    'proj.limited',
    (_ctx, n: number) => {
      starts.push(Date.now());
      return n;
    },
    { rateLimit: '2/s' },
  ),
);

const python = hasPythonCelery() ? describe : describe.skip;

python('rate_limit shared through DynamoDB, with the Python Celery 5.2 client (SQS)', () => {
  let stack: LocalAwsStackWithConfig;
  const mappings: Array<{ stop(): Promise<void> }> = [];

  beforeAll(async () => {
    stack = await startLocalAwsStack();
    // Two "instances" polling the same queue, sharing the limit through the store.
    for (let i = 0; i < 2; i += 1)
      mappings.push(
        startEventSourceMapping({
          sqs: stack.sqs,
          queueUrl: stack.queueUrl,
          handler: handlerFromEnv(stack.env, { tasks }),
          visibilityTimeoutSeconds: 30,
          batchSize: 3,
        }),
      );
  }, 60_000);

  afterAll(async () => {
    for (const mapping of mappings) await mapping.stop();
    await stack?.stop();
  });

  it('runs every task, no more than 2 starts in any second, the rest deferred not failed', async () => {
    const results = await celerySendAndGet(
      stack.python,
      [1, 2, 3, 4, 5, 6].map((n) => ({ name: 'proj.limited', args: [n], timeout: 60 })),
    );
    expect(results.map((r) => r.state)).toEqual(Array(6).fill('SUCCESS'));
    expect(results.map((r) => r.result_repr)).toEqual(['1', '2', '3', '4', '5', '6']);
    const perSecond = new Map<number, number>();
    for (const at of starts)
      perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(2);
    expect(perSecond.size).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
