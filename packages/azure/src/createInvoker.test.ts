import { ConfigError } from '@celery-cloud/core';
import {
  type RecordingServer,
  executionContext,
  must,
  sampleCall,
  startJsonFunctionServer,
  startRecordingServer,
} from '@celery-cloud/testkit';
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

  let server: RecordingServer;
  const seen = () => must(server.requests.at(-1));

  beforeAll(async () => {
    server = await startRecordingServer((request, res) => {
      if (request.path === '/api/build')
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"pages": 2}');
      else
        res
          .writeHead(500)
          .end('{"exc_type": "KeyError", "exc_message": ["sheet"], "exc_module": "builtins"}');
    });
  });
  afterAll(() => server.stop());

  const invoker = createInvoker({
    keys: { 'reports-app/build': 'build-key', 'reports-app': 'host-key' },
    baseUrl: () => server.url,
  });

  it('POSTs the task to /api/<function> with the configured function key', async () => {
    const result = await invoker.create(new URL('azurefunction://reports-app/build')).execute(call, context);
    expect(result).toEqual({ status: 'success', value: { pages: 2 } });
    expect(seen()).toMatchObject({ path: '/api/build', headers: { 'x-functions-key': 'build-key' } });
    expect(JSON.parse(seen().body)).toMatchObject({ id: 't1', task: 'reports.build', args: [2] });
  });

  it('maps a failure the function reports to its exception, using the app key as fallback', async () => {
    const result = await invoker.create(new URL('azurefunction://reports-app/render')).execute(call, context);
    expect(result).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'KeyError', exc_message: ['sheet'] },
    });
    expect(seen().headers['x-functions-key']).toBe('host-key');
  });

  it('refuses at start-up a route with no key configured, or not naming app and function', () => {
    expect(() => invoker.create(new URL('azurefunction://other-app/build'))).toThrow(ConfigError);
    expect(() => invoker.create(new URL('azurefunction://reports-app/'))).toThrow(ConfigError);
  });
});
