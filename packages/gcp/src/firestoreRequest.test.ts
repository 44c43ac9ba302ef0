import type { ServerResponse } from 'node:http';
import { type RecordedRequest, type RecordingServer, startRecordingServer } from '@celery-cloud/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { FirestoreRequestError, firestoreRequest } from './firestoreRequest.js';

const refusal = (res: ServerResponse, http: number, status: string) =>
  res
    .writeHead(http, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: { code: http, message: `${status} for the spec`, status } }));

describe('a Firestore REST call (a loopback server standing in for Firestore)', () => {
  let server: RecordingServer | undefined;
  afterEach(() => server?.stop());

  /** Serve with `answers` in turn (the last one again once they run out). */
  const serve = async (...answers: Array<(request: RecordedRequest, res: ServerResponse) => void>) => {
    server = await startRecordingServer((request, res) =>
      (answers[server?.requests.length ? server.requests.length - 1 : 0] ?? answers.at(-1))?.(request, res),
    );
    return { baseUrl: `${server.url}/v1`, token: async () => 'tok', timeoutMs: 5000 };
  };
  const ok = (_request: RecordedRequest, res: ServerResponse) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"writeResults": []}');

  it('sends the bearer token and JSON to <baseUrl>/<path> and returns the answer', async () => {
    const target = await serve(ok);
    const body = JSON.stringify({ writes: [] });
    expect(
      await firestoreRequest(
        target,
        'projects/p/databases/(default)/documents:commit',
        { method: 'POST', body },
        'idempotent',
      ),
    ).toEqual({ writeResults: [] });
    expect(server?.requests).toMatchObject([
      {
        path: '/v1/projects/p/databases/(default)/documents:commit',
        headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
        body,
      },
    ]);
  });

  it("throws Firestore's refusal as FirestoreRequestError with its status and gRPC code, without retrying it", async () => {
    const target = await serve((_r, res) => refusal(res, 409, 'ALREADY_EXISTS'));
    const error = await firestoreRequest(target, 'x', { method: 'POST', body: '{}' }, 'idempotent').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FirestoreRequestError);
    expect(error).toMatchObject({
      status: 'ALREADY_EXISTS',
      code: 6,
      message: 'Firestore ALREADY_EXISTS: ALREADY_EXISTS for the spec',
    });
    expect(server?.requests).toHaveLength(1);
  });

  it('retries an idempotent call while Firestore is unavailable, with backoff', async () => {
    const target = await serve(
      (_r, res) => refusal(res, 503, 'UNAVAILABLE'),
      (_r, res) => res.writeHead(502).end('<html>bad gateway</html>'),
      ok,
    );
    const started = Date.now();
    expect(await firestoreRequest(target, 'x', { method: 'GET' }, 'idempotent')).toEqual({
      writeResults: [],
    });
    expect(server?.requests).toHaveLength(3);
    // 100 ms, then 200 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('does not retry a call that must not run twice once Firestore may have acted on it', async () => {
    const target = await serve((_r, res) => refusal(res, 503, 'UNAVAILABLE'), ok);
    await expect(
      firestoreRequest(target, 'x', { method: 'POST', body: '{}' }, 'unsent'),
    ).rejects.toMatchObject({
      status: 'UNAVAILABLE',
      code: 14,
    });
    expect(server?.requests).toHaveLength(1);
  });

  it('retries a call that must not run twice when Firestore says it did nothing (RESOURCE_EXHAUSTED)', async () => {
    const target = await serve((_r, res) => refusal(res, 429, 'RESOURCE_EXHAUSTED'), ok);
    expect(await firestoreRequest(target, 'x', { method: 'POST', body: '{}' }, 'unsent')).toEqual({
      writeResults: [],
    });
    expect(server?.requests).toHaveLength(2);
  });

  it('aborts at its deadline with DEADLINE_EXCEEDED when Firestore does not answer', async () => {
    server = await startRecordingServer(() => {
      // Never answers.
    });
    const target = { baseUrl: server.url, token: async () => 'tok', timeoutMs: 300 };
    const started = Date.now();
    await expect(firestoreRequest(target, 'x', { method: 'GET' }, 'idempotent')).rejects.toMatchObject({
      status: 'DEADLINE_EXCEEDED',
      code: 4,
      message: 'Firestore DEADLINE_EXCEEDED: no answer within 300 ms',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('keeps retrying a refused connection until the deadline, even for a call that must not run twice', async () => {
    await serve(ok);
    const url = server?.url ?? '';
    await server?.stop();
    server = undefined;
    const error = await firestoreRequest(
      { baseUrl: url, token: async () => 'tok', timeoutMs: 500 },
      'x',
      { method: 'POST', body: '{}' },
      'unsent',
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 'DEADLINE_EXCEEDED' });
    expect((error as Error).cause).toMatchObject({
      status: 'UNAVAILABLE',
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });
});
