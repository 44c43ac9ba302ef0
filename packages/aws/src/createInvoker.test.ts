import { readFileSync } from 'node:fs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { ExecutionContext, TaskCall } from '@celery-cloud/core';
import { type LocalService, startLambdaInvokeServer } from '@celery-cloud/local/aws';
import { validateJsonSchema } from '@celery-cloud/testkit';
import { describeExecutorContract } from '@celery-cloud/testkit/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvoker } from './createInvoker.js';

const call: TaskCall = {
  id: 't1',
  task: 'proj.remote',
  args: [2, 3n ** 40n],
  kwargs: { k: 'v' },
  retries: 0,
  eta: null,
  expires: null,
  root_id: 't1',
  parent_id: null,
  group: null,
};
const context = (): ExecutionContext => ({
  signal: new AbortController().signal,
  softSignal: new AbortController().signal,
  remainingTimeMs: () => 60_000,
});
const lambdaClient = (endpoint: string) =>
  new LambdaClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });

describe('createInvoker (lambda:// routes)', () => {
  describe('keeps the executor contract', () =>
    describeExecutorContract({
      host: async ({ functions, throttled }) => {
        const invokeServer = await startLambdaInvokeServer({
          functions: Object.fromEntries(
            Object.entries(functions).map(([name, fn]) => [
              name,
              (event) => fn(event as Record<string, unknown>),
            ]),
          ),
          throttle: throttled,
        });
        return {
          executor: (name, fragment) =>
            createInvoker({ client: lambdaClient(invokeServer.endpoint) }).create(
              new URL(`lambda://${name}${fragment}`),
            ),
          stop: () => invokeServer.stop(),
        };
      },
      unreachable: (fragment) => ({
        executor: createInvoker({ client: lambdaClient('http://127.0.0.1:9') }).create(
          new URL(`lambda://f${fragment}`),
        ),
        target: 'lambda://f',
      }),
    }));

  let server: LocalService;
  const seen: unknown[] = [];
  beforeAll(async () => {
    server = await startLambdaInvokeServer({
      functions: {
        echo: (event) => {
          seen.push(event);
          return { statusCode: 200, body: '{"ok": true}' };
        },
        keyError: () => {
          throw Object.assign(new Error("'missing'"), { name: 'KeyError' });
        },
        gateway500: () => ({ statusCode: 500, body: 'Internal Server Error' }),
        gateway503Retry: () => ({ statusCode: 503, body: '{"retry": {"countdown": 9}}' }),
        asksRetry: () => ({ retry: { countdown: 4, max_retries: 2 } }),
        jsError: () => {
          throw Object.assign(new Error('card 42'), { name: 'PaymentDeclined' });
        },
      },
    });
  });
  afterAll(() => server.stop());

  it('sends args, kwargs and the task (celery-cloud/1), and unwraps an API-style body', async () => {
    const executor = createInvoker({ client: lambdaClient(server.endpoint) }).create(
      new URL('lambda://echo'),
    );
    expect(await executor.execute(call, context())).toEqual({ status: 'success', value: { ok: true } });
    // The Lambda payload's `task` is an object: the call's metadata, as the members beside it.
    const meta = {
      id: 't1',
      name: 'proj.remote',
      retries: 0,
      eta: null,
      expires: null,
      root_id: 't1',
      parent_id: null,
      group: null,
    };
    expect(seen.at(-1)).toEqual({
      args: [2, Number(3n ** 40n)],
      kwargs: { k: 'v' },
      protocol: 'celery-cloud/1',
      ...meta,
      time_left_ms: 60_000,
      task: meta,
    });
  });

  it('sends a payload docs/executor-protocol.schema.json describes', async () => {
    const schema = JSON.parse(
      readFileSync(new URL('../../../docs/executor-protocol.schema.json', import.meta.url), 'utf8'),
    );
    await createInvoker({ client: lambdaClient(server.endpoint) })
      .create(new URL('lambda://echo'))
      .execute({ ...call, parent_id: 'p', group: 'g' }, context());
    expect(validateJsonSchema({ $ref: '#/$defs/request' }, seen.at(-1), schema)).toEqual([]);
  });

  it('maps a FunctionError to the failure Celery stores', async () => {
    const invoker = createInvoker({ client: lambdaClient(server.endpoint) });
    const py = await invoker.create(new URL('lambda://keyError')).execute(call, context());
    expect(py).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'KeyError', exc_message: ["'missing'"], exc_module: 'builtins' },
    });
    const js = await invoker.create(new URL('lambda://jsError')).execute(call, context());
    expect(js).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'PaymentDeclined', exc_module: 'celery_cloud.errors' },
    });
    expect(js.status === 'failure' && js.traceback).toMatch(
      /^Traceback \(most recent call last\):\n[\s\S]*celery_cloud\.errors\.PaymentDeclined: card 42\n$/,
    );
  });

  it('reads API-Gateway error answers as failures or retries, and {"retry"} as a retry request', async () => {
    const invoker = createInvoker({ client: lambdaClient(server.endpoint) });
    const run = (name: string) => invoker.create(new URL(`lambda://${name}`)).execute(call, context());
    expect(await run('gateway500')).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'HTTPError', exc_module: 'requests.exceptions' },
    });
    expect(await run('gateway503Retry')).toEqual({ status: 'retry', countdown: 9, exception: null });
    expect(await run('asksRetry')).toEqual({ status: 'retry', countdown: 4, exception: null, maxRetries: 2 });
  });

  it("invokes a full ARN with a qualifier through a client for the ARN's region", async () => {
    const regions: string[] = [];
    const invoker = createInvoker({
      client: lambdaClient('http://127.0.0.1:9'),
      clientForRegion: (region) => {
        regions.push(region);
        return lambdaClient(server.endpoint);
      },
    });
    const executor = invoker.create(
      new URL(`lambda://${encodeURIComponent('arn:aws:lambda:eu-west-1:123456789012:function:echo:live')}`),
    );
    expect(await executor.execute(call, context())).toEqual({ status: 'success', value: { ok: true } });
    expect(regions).toEqual(['eu-west-1']);
  });
});
