import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@celery-cloud/core';
import { executionContext, must, sampleCall, startJsonFunctionServer } from '@celery-cloud/testkit';
import { describeExecutorContract } from '@celery-cloud/testkit/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvoker } from './createInvoker.js';

const call = sampleCall;
const context = executionContext();

describe('azurefunction:// invoker', () => {
  describe('keeps the executor contract', () =>
    describeExecutorContract({
      host: async (functions) => {
        const server = await startJsonFunctionServer(functions);
        const plugin = () => createInvoker({ keys: { app: 'key' }, baseUrl: () => server.url });
        return {
          executor: (name, fragment) => plugin().create(new URL(`azurefunction://app/${name}${fragment}`)),
          stop: () => server.stop(),
        };
      },
      unreachable: (fragment) => ({
        executor: createInvoker({ keys: { app: 'key' }, baseUrl: () => 'http://127.0.0.1:9' }).create(
          new URL(`azurefunction://app/build${fragment}`),
        ),
        target: 'http://127.0.0.1:9/api/build',
      }),
    }));

  let server: Server;
  let base: string;
  const seen: Array<{ url: string; key: string | undefined; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        seen.push({ url: req.url ?? '', key: req.headers['x-functions-key'] as string | undefined, body });
        if (req.url === '/api/build')
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"pages": 2}');
        else
          res
            .writeHead(500)
            .end('{"exc_type": "KeyError", "exc_message": ["sheet"], "exc_module": "builtins"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const invoker = createInvoker({
    keys: { 'reports-app/build': 'build-key', 'reports-app': 'host-key' },
    baseUrl: () => base,
  });

  it('POSTs the task to /api/<function> with the configured function key', async () => {
    const result = await invoker.create(new URL('azurefunction://reports-app/build')).execute(call, context);
    expect(result).toEqual({ status: 'success', value: { pages: 2 } });
    expect(seen.at(-1)).toMatchObject({ url: '/api/build', key: 'build-key' });
    expect(JSON.parse(must(seen.at(-1)).body)).toMatchObject({ id: 't1', task: 'reports.build', args: [2] });
  });

  it('maps a failure the function reports to its exception, using the app key as fallback', async () => {
    const result = await invoker.create(new URL('azurefunction://reports-app/render')).execute(call, context);
    expect(result).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'KeyError', exc_message: ['sheet'] },
    });
    expect(seen.at(-1)?.key).toBe('host-key');
  });

  it('refuses at start-up a route with no key configured, or not naming app and function', () => {
    expect(() => invoker.create(new URL('azurefunction://other-app/build'))).toThrow(ConfigError);
    expect(() => invoker.create(new URL('azurefunction://reports-app/'))).toThrow(ConfigError);
  });
});
