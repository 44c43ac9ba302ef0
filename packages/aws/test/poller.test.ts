import { setTimeout as sleep } from 'node:timers/promises';
import { GetQueueAttributesCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import {
  type MessageOutcome,
  TaskRegistry,
  defineTask,
  encodeTaskMessage,
  wrapForTransport,
} from '@celery-cloud/core';
import {
  type LocalAwsStackWithConfig,
  createQueue,
  startEventSourceMapping,
  startLocalAwsStack,
} from '@celery-cloud/local/aws';
import { celerySendAndGet, hasPythonCelery, must, startToggleProxy } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SqsPollerOptions,
  createPoller,
  createResultStore,
  handlerFromEnv,
  runnerFromEnv,
} from '../src/index.js';

const runs = new Map<string, number>();
const order: string[] = [];
const count = (id: string) => runs.set(id, (runs.get(id) ?? 0) + 1);

const tasks = new TaskRegistry().register(
  defineTask('slow.wait', async (ctx, seconds: number) => {
    count(ctx.id);
    await sleep(seconds * 1000);
    return seconds;
  }),
  defineTask('proj.record', async (_ctx, label: string, ms: number) => {
    await sleep(ms);
    order.push(label);
    return label;
  }),
  defineTask('proj.when', (ctx) => {
    count(ctx.id);
    return Date.now();
  }),
);

/** An SQS client that counts the commands it sends, by name. */
function countingClient(stack: LocalAwsStackWithConfig) {
  const sent: Record<string, number> = {};
  const sqs = new SQSClient({
    region: stack.region,
    endpoint: stack.sqsEndpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      sent[name] = (sent[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize' },
  );
  return { sqs, sent };
}

const quiet = { log: () => {} };

describe('the SQS poller (celery-cloud worker --provider aws) on the SQS emulator', () => {
  let stack: LocalAwsStackWithConfig;

  beforeAll(async () => {
    stack = await startLocalAwsStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Send one task message to `queueUrl`, as a Celery client would. */
  async function send(
    queueUrl: string,
    task: { id: string; task: string; args: unknown[]; routing_key: string },
  ) {
    const envelope = encodeTaskMessage({ ...task, kwargs: {} });
    await stack.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: wrapForTransport(envelope, 'sqs') }),
    );
  }

  /** Nothing is left in `queueUrl`, visible or in flight. */
  async function expectDrained(queueUrl: string) {
    const left = await stack.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(left.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  }

  /** The poller under test on `queueUrl`: the spec's tasks, 1 s long polls, no log lines unless
   * `options` says otherwise. */
  function pollerOn(queueUrl: string, options: Partial<SqsPollerOptions> & Pick<SqsPollerOptions, 'sqs'>) {
    const env = { ...stack.env, CELERY_CLOUD_QUEUE_URL: queueUrl };
    return createPoller({
      queueUrl,
      runner: runnerFromEnv(env, { tasks, logger: quiet }),
      waitTimeSeconds: 1,
      logger: quiet,
      ...options,
    });
  }

  it('keeps a 7 s task invisible through 3.5 visibility timeouts of 2 s (a 90 s task, shortened) until it is done, and runs it once', async () => {
    const { queueUrl } = await createQueue(stack.sqs, 'long', { visibilityTimeoutSeconds: 2 });
    const { sqs, sent } = countingClient(stack);
    const poller = pollerOn(queueUrl, { sqs, concurrency: 1, visibilityTimeoutSeconds: 2 });
    const id = 'long-task-1';
    await send(queueUrl, { id, task: 'slow.wait', args: [7], routing_key: 'long' });
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    const deadline = Date.now() + 20_000;
    let meta = await store.get(id);
    while (meta?.status !== 'SUCCESS' && Date.now() < deadline) {
      await sleep(200);
      meta = await store.get(id);
    }
    // Two more visibility periods: a message left behind would have come back by now.
    await sleep(4500);
    await poller.stop();
    sqs.destroy();
    expect(meta).toMatchObject({ status: 'SUCCESS', result: 7 });
    expect(runs.get(id)).toBe(1);
    expect(sent.ChangeMessageVisibilityCommand).toBeGreaterThanOrEqual(3);
    expect(sent.DeleteMessageBatchCommand).toBe(1);
    expect(sent.DeleteMessageCommand ?? 0).toBe(0);
    await expectDrained(queueUrl);
  }, 30_000);

  it('deletes the messages of tasks that finish together in one DeleteMessageBatch, and no visibility call for short tasks', async () => {
    const { queueUrl } = await createQueue(stack.sqs, 'batch-delete');
    const { sqs, sent } = countingClient(stack);
    const settled: MessageOutcome[] = [];
    const ids = Array.from({ length: 8 }, (_, i) => `batch-delete-${i}`);
    for (const id of ids) await send(queueUrl, { id, task: 'proj.when', args: [], routing_key: 'b' });
    const poller = pollerOn(queueUrl, { sqs, concurrency: 8, onSettled: (o) => settled.push(o) });
    const deadline = Date.now() + 20_000;
    while (settled.length < ids.length && Date.now() < deadline) await sleep(100);
    await poller.stop();
    sqs.destroy();
    expect(settled.map((o) => o.action)).toEqual(ids.map(() => 'ack'));
    expect(sent.DeleteMessageCommand ?? 0).toBe(0);
    expect(sent.DeleteMessageBatchCommand).toBeGreaterThanOrEqual(1);
    expect(sent.DeleteMessageBatchCommand).toBeLessThan(ids.length);
    expect(sent.ChangeMessageVisibilityCommand ?? 0).toBe(0);
    await expectDrained(queueUrl);
  }, 30_000);

  it('makes at most one receive call per long-poll wait while the queue is empty', async () => {
    const { queueUrl } = await createQueue(stack.sqs, 'idle');
    const { sqs, sent } = countingClient(stack);
    const poller = pollerOn(queueUrl, { sqs, concurrency: 4, waitTimeSeconds: 2 });
    await sleep(5000);
    await poller.stop();
    sqs.destroy();
    // Receives start at 0, 2 and 4 s; the last one is aborted by stop().
    expect(sent.ReceiveMessageCommand).toBeGreaterThanOrEqual(2);
    expect(sent.ReceiveMessageCommand).toBeLessThanOrEqual(3);
  }, 15_000);

  it('keeps running while the queue and the store are unreachable, logs each failure with back-off, and loses nothing', async () => {
    const { queueUrl } = await createQueue(stack.sqs, 'faults', { visibilityTimeoutSeconds: 2 });
    const [sqsProxy, dynamoProxy] = await Promise.all([
      startToggleProxy(stack.sqsEndpoint),
      startToggleProxy(stack.dynamodbEndpoint),
    ]);
    sqsProxy.setReachable(false);
    dynamoProxy.setReachable(false);
    const sqs = new SQSClient({
      region: stack.region,
      endpoint: sqsProxy.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const dynamoHost = new URL(dynamoProxy.endpoint).host;
    const env = {
      ...stack.env,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoProxy.endpoint,
      CELERY_RESULT_BACKEND: `dynamodb://test:test@${dynamoHost}/${stack.table}`,
      CELERY_CLOUD_QUEUE_URL: queueUrl,
    };
    const lines: string[] = [];
    const logger = { log: (level: string, msg: string) => void lines.push(`${level} ${msg}`) };
    const outcomes: MessageOutcome[] = [];
    const poller = pollerOn(queueUrl, {
      sqs,
      runner: runnerFromEnv(env, { tasks, logger: quiet }),
      concurrency: 1,
      visibilityTimeoutSeconds: 2,
      errorBackoff: { initialMs: 200, maxMs: 800 },
      logger,
      onSettled: (o) => outcomes.push(o),
    });
    await sleep(2500);
    const whileDown = lines.filter((l) => l.startsWith('warn receiving failed')).length;
    // The queue is back, the store is not: the task runs, its result cannot be stored, it comes back.
    sqsProxy.setReachable(true);
    const id = 'faults-1';
    await send(queueUrl, { id, task: 'proj.when', args: [], routing_key: 'faults' });
    const deadline = Date.now() + 15_000;
    while (!outcomes.some((o) => o.action === 'redeliver') && Date.now() < deadline) await sleep(100);
    dynamoProxy.setReachable(true);
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    let meta = await store.get(id);
    while (meta?.status !== 'SUCCESS' && Date.now() < deadline) {
      await sleep(200);
      meta = await store.get(id);
    }
    await poller.stop();
    sqs.destroy();
    await Promise.all([sqsProxy.stop(), dynamoProxy.stop()]);
    // 200, 400, 800, 800 ms apart: a handful of lines, not a tight loop.
    expect(whileDown).toBeGreaterThanOrEqual(2);
    expect(whileDown).toBeLessThanOrEqual(6);
    expect(outcomes[0]).toMatchObject({ action: 'redeliver', taskId: id });
    expect(meta).toMatchObject({ status: 'SUCCESS' });
    expect(outcomes.at(-1)).toMatchObject({ action: 'ack', state: 'SUCCESS' });
  }, 30_000);

  const python = hasPythonCelery() ? it : it.skip;
  python(
    'runs a countdown task from Python Celery 5.2 on a FIFO queue when due, without a republish loop',
    async () => {
      const { queueUrl } = await createQueue(stack.sqs, 'work.fifo');
      const outcomes: MessageOutcome[] = [];
      const { sqs, sent } = countingClient(stack);
      const poller = pollerOn(queueUrl, {
        sqs,
        concurrency: 1,
        visibilityTimeoutSeconds: 10,
        onSettled: (o) => outcomes.push(o),
      });
      const sentAt = Date.now();
      const [outcome] = await celerySendAndGet(
        { ...stack.python, queue_url: queueUrl, queue_name: 'work.fifo' },
        [{ name: 'proj.when', options: { countdown: 4 }, timeout: 30 }],
      );
      await poller.stop();
      sqs.destroy();
      expect(outcomes).toMatchObject([
        { action: 'redeliver', delaySeconds: expect.any(Number) },
        { action: 'ack', state: 'SUCCESS' },
      ]);
      expect(outcome?.state).toBe('SUCCESS');
      const ranAt = Number(outcome?.result_repr);
      expect(ranAt).toBeGreaterThanOrEqual(sentAt + 3000);
      expect(runs.get(must(outcome).id)).toBe(1);
      // Hidden until due: nothing republished, one visibility change, two deliveries.
      expect(sent.SendMessageCommand ?? 0).toBe(0);
      expect(sent.ChangeMessageVisibilityCommand).toBe(1);
    },
    60_000,
  );

  python(
    'the Lambda handler also holds a FIFO countdown from Python Celery 5.2 until due instead of republishing it',
    async () => {
      const { queueUrl } = await createQueue(stack.sqs, 'lambda.fifo', { visibilityTimeoutSeconds: 20 });
      const { sqs, sent } = countingClient(stack);
      const handler = handlerFromEnv({ ...stack.env, CELERY_CLOUD_QUEUE_URL: queueUrl }, { tasks });
      const mapping = startEventSourceMapping({ sqs, queueUrl, handler, visibilityTimeoutSeconds: 20 });
      const sentAt = Date.now();
      const [outcome] = await celerySendAndGet(
        { ...stack.python, queue_url: queueUrl, queue_name: 'lambda.fifo' },
        [{ name: 'proj.when', options: { countdown: 3 }, timeout: 30 }],
      );
      await mapping.stop();
      sqs.destroy();
      expect(outcome?.state).toBe('SUCCESS');
      const ranAt = Number(outcome?.result_repr);
      expect(ranAt).toBeGreaterThanOrEqual(sentAt + 2000);
      // Back after the 3 s hold, not after the queue's 20 s visibility timeout, which would start
      // after sentAt too: the bound holds however long Python takes to start on a loaded machine.
      expect(ranAt - sentAt).toBeLessThan(20_000);
      expect(runs.get(must(outcome).id)).toBe(1);
      expect(sent.SendMessageCommand ?? 0).toBe(0);
    },
    60_000,
  );

  it('runs the messages of one FIFO group in order even with free slots, and other groups alongside', async () => {
    const { queueUrl } = await createQueue(stack.sqs, 'ordered.fifo');
    // The first of group a is the slowest: run in parallel, it would finish last. All four wait in
    // the queue before the poller starts, so one receive can hand it the whole group at once (and
    // b1 comes with a1, not in a later receive that a loaded machine could delay past a1's end).
    const sends: Array<[string, string, number]> = [
      ['a1', 'a', 300],
      ['a2', 'a', 100],
      ['b1', 'b', 0],
      ['a3', 'a', 0],
    ];
    for (const [label, group, ms] of sends) {
      const envelope = encodeTaskMessage({
        id: `fifo-${label}`,
        task: 'proj.record',
        args: [label, ms],
        kwargs: {},
      });
      await stack.sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: wrapForTransport(envelope, 'sqs'),
          MessageGroupId: group,
          MessageDeduplicationId: label,
        }),
      );
    }
    const outcomes: MessageOutcome[] = [];
    const poller = pollerOn(queueUrl, { sqs: stack.sqs, concurrency: 5, onSettled: (o) => outcomes.push(o) });
    const deadline = Date.now() + 15_000;
    while (outcomes.length < sends.length && Date.now() < deadline) await sleep(100);
    await poller.stop();
    expect(order.filter((label) => label.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(order).toContain('b1');
    expect(order.indexOf('b1')).toBeLessThan(order.indexOf('a1'));
  }, 30_000);
});
