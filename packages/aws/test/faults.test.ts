import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { TaskRegistry, defineTask, encodeTaskMessage, wrapForTransport } from '@celery-cloud/core';
import { type ToggleProxy, startToggleProxy } from '@celery-cloud/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createResultStore, handlerFromEnv } from '../src/index.js';
import { type LocalAwsStackWithConfig, startLocalAwsStack } from '../src/local/index.js';
import { type BatchReport, startEventSourceMapping } from '../src/local/index.js';

const tasks = new TaskRegistry().register(
  defineTask('proj.add', (_ctx, a: number, b: number) => a + b),
  defineTask('proj.flaky', (ctx) => ctx.retry({ countdown: 1 })),
);

async function send(stack: LocalAwsStackWithConfig, id: string, task: string, args: unknown[]) {
  const body = wrapForTransport(encodeTaskMessage({ id, task, args, kwargs: {} }), 'sqs');
  await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: body }));
}

async function visibleAndInFlight(stack: LocalAwsStackWithConfig, queueUrl: string): Promise<number> {
  const r = await stack.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
  );
  return (
    Number(r.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(r.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

describe('faults on the local AWS stack', () => {
  let stack: LocalAwsStackWithConfig;
  let proxy: ToggleProxy;
  let mapping: { stop(): Promise<void> } | undefined;
  const reports: BatchReport[] = [];

  beforeAll(async () => {
    stack = await startLocalAwsStack({ maxReceiveCount: 3, visibilityTimeoutSeconds: 1 });
    proxy = await startToggleProxy(stack.dynamodbEndpoint);
  });
  afterEach(async () => {
    await mapping?.stop();
    mapping = undefined;
    reports.length = 0;
  });
  afterAll(async () => {
    await proxy.stop();
    await stack.stop();
  });

  const start = (env: Record<string, string>) => {
    mapping = startEventSourceMapping({
      sqs: stack.sqs,
      queueUrl: stack.queueUrl,
      handler: handlerFromEnv(env, { tasks }),
      visibilityTimeoutSeconds: 1,
      deadLetter: { queueUrl: stack.deadLetterQueueUrl!, maxReceiveCount: 3 },
      onBatch: (r) => reports.push(r),
    });
  };

  it('reports the message in batchItemFailures while the result store is down, then succeeds', async () => {
    proxy.setReachable(false);
    start({ ...stack.env, CELERY_CLOUD_DYNAMODB_ENDPOINT: proxy.endpoint });
    await send(stack, 'down-1', 'proj.add', [20, 22]);
    await expect
      .poll(() => reports.some((r) => r.failedMessageIds.length > 0), { timeout: 20_000 })
      .toBe(true);
    proxy.setReachable(true);
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    await expect.poll(async () => (await store.get('down-1'))?.result, { timeout: 20_000 }).toBe(42);
    await expect.poll(() => visibleAndInFlight(stack, stack.queueUrl), { timeout: 10_000 }).toBe(0);
  }, 60_000);

  it('dead-letters a message that keeps failing after maxReceiveCount, with its FAILURE stored', async () => {
    // No publisher: a retry cannot be published, so the message comes back on every delivery.
    const { CELERY_CLOUD_QUEUE_URL: _none, ...env } = stack.env;
    start({ ...env, CELERY_CLOUD_MAX_RECEIVE_COUNT: '3' });
    await send(stack, 'poison-1', 'proj.flaky', []);
    await expect
      .poll(() => visibleAndInFlight(stack, stack.deadLetterQueueUrl!), { timeout: 30_000 })
      .toBe(1);
    expect(await visibleAndInFlight(stack, stack.queueUrl)).toBe(0);
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    expect(await store.get('poison-1')).toMatchObject({
      status: 'FAILURE',
      result: { exc_type: 'DeadLetteredError', exc_module: 'celery_cloud.errors' },
    });
  }, 60_000);
});
