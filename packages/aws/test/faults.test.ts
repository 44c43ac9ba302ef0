import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { TaskRegistry, defineTask, encodeTaskMessage, wrapForTransport } from '@celery-cloud/core';
import { capturingLogger } from '@celery-cloud/core/testing';
import { type LocalAwsStackWithConfig, startLocalAwsStack } from '@celery-cloud/local/aws';
import {
  type BatchReport,
  type LocalService,
  startEventSourceMapping,
  startLambdaInvokeServer,
} from '@celery-cloud/local/aws';
import { type ToggleProxy, must, startToggleProxy } from '@celery-cloud/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createResultStore, handlerFromEnv } from '../src/index.js';

/** The runner's log records of this file's tests: the failures they provoke are expected, not printed. */
const quiet = capturingLogger();

const WORKER = fileURLToPath(new URL('./fixtures/killableWorker.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const tasks = new TaskRegistry().register(
  defineTask('proj.add', (_ctx, a: number, b: number) => a + b),
  defineTask('proj.flaky', (ctx) => ctx.retry({ countdown: 1 })),
  defineTask('proj.slow', async (_ctx, ms: number) => new Promise((resolve) => setTimeout(resolve, ms))),
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
      handler: handlerFromEnv(env, { tasks, logger: quiet }),
      visibilityTimeoutSeconds: 1,
      deadLetter: { queueUrl: must(stack.deadLetterQueueUrl), maxReceiveCount: 3 },
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
      .poll(() => visibleAndInFlight(stack, must(stack.deadLetterQueueUrl)), { timeout: 30_000 })
      .toBe(1);
    // The mapping sends the message to the dead-letter queue first, then deletes it here.
    await expect.poll(() => visibleAndInFlight(stack, stack.queueUrl), { timeout: 5_000 }).toBe(0);
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    expect(await store.get('poison-1')).toMatchObject({
      status: 'FAILURE',
      result: { exc_type: 'DeadLetteredError', exc_module: 'celery_cloud.errors' },
    });
  }, 60_000);

  it('keeps working, with no failed batch, while the result store is slow', async () => {
    proxy.setDelayMs(150);
    start({ ...stack.env, CELERY_CLOUD_DYNAMODB_ENDPOINT: proxy.endpoint });
    await Promise.all(['slow-1', 'slow-2', 'slow-3'].map((id, i) => send(stack, id, 'proj.add', [i, i])));
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    await expect.poll(async () => (await store.get('slow-3'))?.result, { timeout: 20_000 }).toBe(4);
    proxy.setDelayMs(0);
    expect(reports.flatMap((r) => r.failedMessageIds)).toEqual([]);
  }, 60_000);
});

describe('remote executor faults on the local AWS stack', () => {
  let stack: LocalAwsStackWithConfig;
  let lambda: LocalService;
  let http: Server;
  let mapping: { stop(): Promise<void> };
  const throttled = new Map<string, number>();

  beforeAll(async () => {
    stack = await startLocalAwsStack();
    lambda = await startLambdaInvokeServer({
      functions: {
        busy: () => 'finally in',
        saturated: () => 'never',
        sleepy: () => new Promise((resolve) => setTimeout(() => resolve('late'), 5000)),
      },
      // `busy` is throttled on its first two calls, `saturated` always.
      throttle: (name) => {
        const calls = (throttled.get(name) ?? 0) + 1;
        throttled.set(name, calls);
        return name === 'saturated' || (name === 'busy' && calls <= 2);
      },
    });
    http = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>oops'));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const env = {
      ...stack.env,
      AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
      TASKS: JSON.stringify({
        'remote.busy': 'lambda://busy',
        'remote.saturated': 'lambda://saturated',
        'remote.sleepy': 'lambda://sleepy',
        'web.garbage': `http://127.0.0.1:${(http.address() as AddressInfo).port}/run`,
      }),
    };
    mapping = startEventSourceMapping({
      sqs: stack.sqs,
      queueUrl: stack.queueUrl,
      handler: handlerFromEnv(env, { tasks, logger: quiet }),
      visibilityTimeoutSeconds: 10,
    });
  }, 60_000);

  afterAll(async () => {
    await mapping?.stop();
    await lambda?.stop();
    await new Promise((resolve) => http?.close(resolve));
    await stack?.stop();
  });

  it('backs off through throttling, stores the throttle once it persists, and times out a hung function', async () => {
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    await send(stack, 'busy-1', 'remote.busy', []);
    await send(stack, 'saturated-1', 'remote.saturated', []);
    const hung = wrapForTransport(
      encodeTaskMessage({
        id: 'sleepy-1',
        task: 'remote.sleepy',
        args: [],
        kwargs: {},
        timelimit: [1, null],
      }),
      'sqs',
    );
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: hung }));
    await send(stack, 'garbage-1', 'web.garbage', []);
    await expect
      .poll(async () => (await store.get('busy-1'))?.result, { timeout: 20_000 })
      .toBe('finally in');
    await expect
      .poll(async () => (await store.get('saturated-1'))?.result, { timeout: 20_000 })
      .toMatchObject({ exc_type: 'TooManyRequestsException', exc_module: 'celery_cloud.errors' });
    await expect
      .poll(async () => (await store.get('sleepy-1'))?.result, { timeout: 20_000 })
      .toMatchObject({ exc_type: 'TimeLimitExceeded', exc_module: 'billiard.exceptions' });
    await expect
      .poll(async () => (await store.get('garbage-1'))?.status, { timeout: 20_000 })
      .toBe('FAILURE');
    expect((await store.get('garbage-1'))?.result).toMatchObject({
      exc_type: 'HTTPError',
      exc_module: 'requests.exceptions',
    });
  }, 60_000);
});

describe('a worker process killed mid-batch', () => {
  it('loses nothing and never runs a task again once its SUCCESS is stored', async () => {
    const stack = await startLocalAwsStack({ visibilityTimeoutSeconds: 2 });
    const sqsProxy = await startToggleProxy(stack.sqsEndpoint);
    const dir = mkdtempSync(join(tmpdir(), 'killed-'));
    const runLog = (n: number) => join(dir, `runs-${n}.log`);
    const ids = Array.from({ length: 40 }, (_, i) => `kill-${i}`);
    try {
      // A second per task (a batch of 10 runs at once): the queue is cut while a batch runs, not in
      // the moment between two batches, however late a loaded machine lets this test look.
      for (const id of ids) await send(stack, id, 'proj.slow', [1000]);
      const first = startWorker({ ...stack.env, AWS_ENDPOINT_URL_SQS: sqsProxy.endpoint }, runLog(1));
      await expect
        .poll(() => lines(runLog(1)).length, { timeout: 30_000, interval: 20 })
        .toBeGreaterThanOrEqual(15);
      // The queue becomes unreachable mid-batch: results are stored, but no message is deleted.
      sqsProxy.setReachable(false);
      await expect
        .poll(() => ackedSuccess(first.output()).size >= lines(runLog(1)).length, { timeout: 20_000 })
        .toBe(true);
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('close', resolve));
      const storedBeforeKill = ackedSuccess(first.output());

      const second = startWorker(stack.env, runLog(2));
      const store = createResultStore({ client: stack.dynamo, table: stack.table });
      try {
        await expect
          .poll(
            async () =>
              (await Promise.all(ids.map((id) => store.get(id)))).every((m) => m?.status === 'SUCCESS'),
            {
              timeout: 45_000,
            },
          )
          .toBe(true);
        await expect.poll(() => visibleAndInFlight(stack, stack.queueUrl), { timeout: 15_000 }).toBe(0);
      } finally {
        second.kill('SIGKILL');
      }
      // The undeleted messages came back and were acked as duplicates, not run.
      expect(duplicates(second.output()).size).toBeGreaterThan(0);
      expect([...duplicates(second.output())].every((id) => storedBeforeKill.has(id))).toBe(true);
      expect(lines(runLog(2)).filter((id) => storedBeforeKill.has(id))).toEqual([]);
      expect(new Set([...lines(runLog(1)), ...lines(runLog(2))])).toEqual(new Set(ids));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await sqsProxy.stop();
      await stack.stop();
    }
  }, 120_000);
});

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

interface OutcomeLine {
  msg?: string;
  state?: string;
  taskId?: string;
  duplicate?: boolean;
}

function ackedWhere(output: string, keep: (entry: OutcomeLine) => boolean): Set<string> {
  const entries = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as OutcomeLine);
  return new Set(
    entries.filter((e) => e.msg === 'task message acked' && e.taskId && keep(e)).map((e) => must(e.taskId)),
  );
}

/** Task ids whose SUCCESS this run stored (logged once stored). */
const ackedSuccess = (output: string) => ackedWhere(output, (e) => e.state === 'SUCCESS' && !e.duplicate);
/** Task ids acked as already done, without running them. */
const duplicates = (output: string) => ackedWhere(output, (e) => e.duplicate === true);

function startWorker(env: Record<string, string>, runLog: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@celery-cloud/source',
      WORKER,
      JSON.stringify({ ...env, CELERY_CLOUD_LOG_LEVEL: 'info' }),
      runLog,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    output += d;
  });
  child.stderr.resume();
  return Object.assign(child, { output: () => output });
}
