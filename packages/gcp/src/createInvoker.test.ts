import { ConfigError } from '@celery-cloud/core';
import {
  type RecordingServer,
  executionContext,
  sampleCall,
  startJsonFunctionServer,
  startRecordingServer,
} from '@celery-cloud/testkit';
import { describeExecutorContract } from '@celery-cloud/testkit/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createInvoker, metadataIdToken } from './createInvoker.js';

const call = sampleCall;
const context = executionContext();

describe('gcf:// invoker', () => {
  describe('keeps the executor contract', () =>
    describeExecutorContract({
      host: async (functions) => {
        const server = await startJsonFunctionServer(functions);
        return {
          executor: (name, fragment) =>
            createInvoker({ baseUrl: () => server.url, idToken: null }).create(
              new URL(`gcf://europe-west1/my-proj/${name}${fragment}`),
            ),
          stop: () => server.stop(),
        };
      },
      unreachable: (fragment) => ({
        executor: createInvoker({ baseUrl: () => 'http://127.0.0.1:9', idToken: null }).create(
          new URL(`gcf://europe-west1/my-proj/build${fragment}`),
        ),
        target: 'http://127.0.0.1:9/build',
      }),
    }));

  let server: RecordingServer;
  let base: string;
  const seen = () => server.requests.map((r) => ({ url: r.path, authorization: r.headers.authorization }));
  let busy = 0;

  beforeAll(async () => {
    server = await startRecordingServer((request, res) => {
      if (request.path === '/busy') {
        busy += 1;
        if (busy <= 1) return void res.writeHead(429, { 'retry-after': '0' }).end('quota');
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('"ready"');
      }
      if (request.path === '/build')
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"pages": 2}');
      else
        res
          .writeHead(500)
          .end('{"exc_type": "KeyError", "exc_message": ["sheet"], "exc_module": "builtins"}');
    });
    base = server.url;
  });
  afterAll(() => server.stop());

  it('POSTs with an ID token for the function URL, asked once and reused', async () => {
    const audiences: string[] = [];
    const invoker = createInvoker({
      baseUrl: () => base,
      idToken: async (audience) => {
        audiences.push(audience);
        return 'id-token-1';
      },
    });
    const executor = invoker.create(new URL('gcf://europe-west1/my-proj/build'));
    expect(await executor.execute(call, context)).toEqual({ status: 'success', value: { pages: 2 } });
    await executor.execute(call, context);
    expect(seen().at(-1)).toEqual({ url: '/build', authorization: 'Bearer id-token-1' });
    expect(audiences).toEqual([`${base}/build`]);
  });

  it('maps the failure a function reports, and sends no token when told none', async () => {
    const invoker = createInvoker({ baseUrl: () => base, idToken: null });
    const result = await invoker.create(new URL('gcf://europe-west1/my-proj/render')).execute(call, context);
    expect(result).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'KeyError', exc_message: ['sheet'] },
    });
    expect(seen().at(-1)?.authorization).toBeUndefined();
  });

  it('fails the task, without calling, when no token can be had', async () => {
    const before = seen().length;
    const invoker = createInvoker({
      baseUrl: () => base,
      idToken: async () => Promise.reject(new Error('no metadata server')),
    });
    const result = await invoker.create(new URL('gcf://europe-west1/my-proj/build')).execute(call, context);
    expect(result).toMatchObject({ status: 'failure', exception: { exc_message: ['no metadata server'] } });
    expect(seen().length).toBe(before);
  });

  it('calls a Cloud Run or 2nd-gen function URL written gcf://<host>/<path>, with the service URL as audience', async () => {
    const audiences: string[] = [];
    const invoker = createInvoker({
      idToken: async (audience) => {
        audiences.push(audience);
        return 'id-token-2';
      },
    });
    // Aborted before it is sent: no network, but the token was asked for that audience first.
    const aborted = executionContext(AbortSignal.abort());
    const result = await invoker
      .create(new URL('gcf://resize-x7q2-ew.a.run.app/tasks/resize'))
      .execute(call, aborted);
    expect(audiences).toEqual(['https://resize-x7q2-ew.a.run.app']);
    expect(result).toMatchObject({ status: 'failure', exception: { exc_type: 'ConnectionError' } });
    expect(JSON.stringify(result)).toContain('https://resize-x7q2-ew.a.run.app/tasks/resize');
  });

  it('refuses a route that does not name region, project and function', () => {
    expect(() => createInvoker().create(new URL('gcf://europe-west1/my-proj'))).toThrow(ConfigError);
  });

  it('retries throttling with a fresh token per attempt, as every remote scheme does', async () => {
    const invoker = createInvoker({ baseUrl: () => base, idToken: async () => 'tok-1' });
    const result = await invoker
      .create(new URL('gcf://europe-west1/my-proj/busy#backoff_ms=1'))
      .execute(call, context);
    expect(result).toEqual({ status: 'success', value: 'ready' });
    expect(
      seen()
        .filter((s) => s.url === '/busy')
        .map((s) => s.authorization),
    ).toEqual(['Bearer tok-1', 'Bearer tok-1']);
  });

  it('asks the metadata server at GCE_METADATA_HOST for an ID token of the audience', async () => {
    const metadata = await startRecordingServer((request, res) => {
      if (request.headers['metadata-flavor'] !== 'Google') return void res.writeHead(403).end();
      res.writeHead(200, { 'content-type': 'application/text' }).end('id-token-from-metadata');
    });
    vi.stubEnv('GCE_METADATA_HOST', new URL(metadata.url).host);
    try {
      expect(await metadataIdToken('https://europe-west1-proj.cloudfunctions.net/build')).toBe(
        'id-token-from-metadata',
      );
      expect(metadata.requests.map((r) => r.path)).toEqual([
        '/computeMetadata/v1/instance/service-accounts/default/identity?audience=https%3A%2F%2Feurope-west1-proj.cloudfunctions.net%2Fbuild',
      ]);
    } finally {
      vi.unstubAllEnvs();
      await metadata.stop();
    }
  });
});
