import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { ExecutionContext, TaskCall } from '@celery-cloud/core';
import { type LocalService, startLambdaInvokeServer } from '@celery-cloud/local/aws';
import { validateJsonSchema } from '@celery-cloud/testkit';
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
        v1Failure: () => ({
          protocol: 'celery-cloud/1',
          status: 'failure',
          exc_type: 'OSError',
          exc_module: 'builtins',
          exc_message: ['disk full'],
          traceback: 'Traceback (most recent call last):\n  File "f.py", line 1, in f\nOSError: disk full\n',
        }),
        unknownVersion: () => ({ protocol: 'celery-cloud/9', status: 'success', result: 1 }),
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
    expect(seen.at(-1)).toEqual({
      args: [2, Number(3n ** 40n)],
      kwargs: { k: 'v' },
      protocol: 'celery-cloud/1',
      id: 't1',
      name: 'proj.remote',
      retries: 0,
      eta: null,
      expires: null,
      root_id: 't1',
      parent_id: null,
      group: null,
      time_left_ms: 60_000,
      task: {
        id: 't1',
        name: 'proj.remote',
        retries: 0,
        eta: null,
        expires: null,
        root_id: 't1',
        parent_id: null,
        group: null,
      },
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

  it('keeps the failure a celery-cloud/1 answer describes and refuses an unknown protocol version', async () => {
    const invoker = createInvoker({ client: lambdaClient(server.endpoint) });
    expect(await invoker.create(new URL('lambda://v1Failure')).execute(call, context())).toEqual({
      status: 'failure',
      exception: { exc_type: 'OSError', exc_module: 'builtins', exc_message: ['disk full'] },
      traceback: 'Traceback (most recent call last):\n  File "f.py", line 1, in f\nOSError: disk full\n',
    });
    expect(await invoker.create(new URL('lambda://unknownVersion')).execute(call, context())).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'ProtocolError', exc_module: 'celery_cloud.errors' },
    });
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

  describe('against a throttling endpoint', () => {
    let throttling: Server;
    let requests = 0;
    let throttleFirst = 0;
    beforeAll(async () => {
      throttling = createServer((req, res) => {
        req.resume();
        requests++;
        if (requests <= throttleFirst) {
          res.writeHead(429, {
            'x-amzn-errortype': 'TooManyRequestsException',
            'content-type': 'application/json',
          });
          res.end(JSON.stringify({ message: 'Rate exceeded', Type: 'User' }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('7');
      });
      await new Promise<void>((r) => throttling.listen(0, '127.0.0.1', r));
    });
    afterAll(() => new Promise((r) => throttling.close(r)));
    const endpoint = () => `http://127.0.0.1:${(throttling.address() as AddressInfo).port}`;

    it('retries throttling with backoff, then succeeds', async () => {
      requests = 0;
      throttleFirst = 2;
      const executor = createInvoker({ client: lambdaClient(endpoint()), policy: { backoffMs: 5 } }).create(
        new URL('lambda://f'),
      );
      expect(await executor.execute(call, context())).toEqual({ status: 'success', value: 7 });
      expect(requests).toBe(3);
    });

    it('opens the circuit after repeated failures and then fails fast without invoking', async () => {
      requests = 0;
      throttleFirst = 1_000;
      const invoker = createInvoker({
        client: lambdaClient(endpoint()),
        policy: { backoffMs: 1, attempts: 1, breaker: { threshold: 2, coolDownMs: 60_000 } },
      });
      const executor = invoker.create(new URL('lambda://f'));
      for (let i = 0; i < 2; i++) expect((await executor.execute(call, context())).status).toBe('failure');
      expect(requests).toBe(2);
      expect(await executor.execute(call, context())).toMatchObject({
        status: 'failure',
        exception: { exc_type: 'CircuitOpenError', exc_module: 'celery_cloud.errors' },
      });
      expect(requests).toBe(2);
    });
  });
});
