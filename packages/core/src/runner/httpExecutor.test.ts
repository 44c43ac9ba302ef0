import { type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type RecordedRequest,
  type RecordingServer,
  must,
  startJsonFunctionServer,
  startRecordingServer,
} from '@celery-cloud/testkit';
import { describeExecutorContract } from '@celery-cloud/testkit/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionContext, TaskCall } from '../ports.js';
import { createHttpExecutor } from './httpExecutor.js';

type Handler = (request: RecordedRequest, res: ServerResponse) => void;
const handlers = new Map<string, Handler>();
let server: RecordingServer;
let base: string;

beforeAll(async () => {
  server = await startRecordingServer((request, res) => handlers.get(request.path)?.(request, res));
  base = server.url;
});

afterAll(() => server.stop());

const call: TaskCall = {
  id: 'h-1',
  task: 'proj.add',
  args: [2, 3],
  kwargs: { scale: 1 },
  retries: 0,
  eta: null,
  expires: null,
  root_id: 'h-1',
  parent_id: null,
  group: null,
};

function context(signal = new AbortController().signal): ExecutionContext {
  return { signal, softSignal: new AbortController().signal, remainingTimeMs: () => 10_000 };
}

function reply(status: number, body: string, headers: Record<string, string> = {}): Handler {
  return (_request, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };
}

describe('createHttpExecutor', () => {
  it('POSTs the celery-cloud/1 request (a superset of the unversioned body) and returns a 2xx JSON body as the result', async () => {
    handlers.set('/ok', reply(200, '{"sum": 5}'));
    const result = await createHttpExecutor(new URL(`${base}/ok`)).execute(call, context());
    expect(result).toEqual({ status: 'success', value: { sum: 5 } });
    const request = server.requests.find((r) => r.path === '/ok');
    expect(request?.headers['content-type']).toBe('application/json');
    // Every member of the call, its task name again as `name`, and the protocol's own.
    expect(JSON.parse(must(request).body)).toEqual({
      ...call,
      protocol: 'celery-cloud/1',
      name: 'proj.add',
      time_left_ms: 10_000,
    });
  });

  it('returns the exception a non-2xx body describes, exactly', async () => {
    handlers.set(
      '/exc',
      reply(
        422,
        '{"exc_type": "PaymentDeclined", "exc_module": "shop.errors", "exc_message": ["card 42"], "traceback": "Traceback (most recent call last):\\n  File \\"pay.py\\", line 3, in pay\\nshop.errors.PaymentDeclined: card 42\\n"}',
      ),
    );
    const result = await createHttpExecutor(new URL(`${base}/exc`)).execute(call, context());
    expect(result).toEqual({
      status: 'failure',
      exception: { exc_type: 'PaymentDeclined', exc_message: ['card 42'], exc_module: 'shop.errors' },
      traceback:
        'Traceback (most recent call last):\n  File "pay.py", line 3, in pay\nshop.errors.PaymentDeclined: card 42\n',
    });
  });

  it('wraps a string exc_message in a list and defaults exc_module to builtins', async () => {
    handlers.set('/exc2', reply(500, '{"exc_type": "ValueError", "exc_message": "bad"}'));
    const result = await createHttpExecutor(new URL(`${base}/exc2`)).execute(call, context());
    expect(result).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'ValueError', exc_message: ['bad'], exc_module: 'builtins' },
    });
    expect(result.status === 'failure' && result.traceback).toMatch(/\nValueError: bad\n$/);
  });

  it('fails with HTTPError carrying the status and a capped body excerpt', async () => {
    handlers.set('/bad', reply(400, `upstream down ${'x'.repeat(500)}`, { 'content-type': 'text/plain' }));
    const result = await createHttpExecutor(new URL(`${base}/bad`)).execute(call, context());
    expect(result).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'HTTPError', exc_module: 'requests.exceptions' },
    });
    const message = result.status === 'failure' ? String(result.exception.exc_message[0]) : '';
    expect(message).toContain('400');
    expect(message).toContain('upstream down');
    expect(message.length).toBeLessThan(300);
  });

  it('reads retry numbers written as floats, as Python json.dumps writes them', async () => {
    handlers.set('/retry-floats', reply(503, '{"retry": {"countdown": 5.0, "max_retries": 10.0}}'));
    const result = await createHttpExecutor(new URL(`${base}/retry-floats`)).execute(call, context());
    expect(result).toEqual({ status: 'retry', countdown: 5, exception: null, maxRetries: 10 });
  });

  it('fails a retry request whose countdown is not a number with a ProtocolError, never a default retry', async () => {
    handlers.set('/retry-bad', reply(503, '{"retry": {"countdown": "soon", "max_retries": 2.5}}'));
    const result = await createHttpExecutor(new URL(`${base}/retry-bad`)).execute(call, context());
    expect(result.status).toBe('failure');
    expect(result.status === 'failure' && result.exception).toMatchObject({
      exc_type: 'ProtocolError',
      exc_message: [expect.stringContaining('retry countdown must be a number')],
    });
  });

  it('reads whole-number floats in a retry answer as Python writes them (5.0, 10.0)', async () => {
    handlers.set('/retry-float', reply(503, '{"retry": {"countdown": 5.0, "max_retries": 10.0}}'));
    const result = await createHttpExecutor(new URL(`${base}/retry-float`)).execute(call, context());
    expect(result).toEqual({ status: 'retry', countdown: 5, exception: null, maxRetries: 10 });
  });

  it('turns a {"retry": {...}} body into a retry request', async () => {
    handlers.set('/retry', reply(503, '{"retry": {"countdown": 30, "max_retries": 5}}'));
    const result = await createHttpExecutor(new URL(`${base}/retry`)).execute(call, context());
    expect(result).toEqual({ status: 'retry', countdown: 30, exception: null, maxRetries: 5 });
  });

  it('refuses to follow a redirect to another host', async () => {
    handlers.set('/redirect', reply(302, '', { location: 'http://169.254.169.254/latest/meta-data' }));
    const result = await createHttpExecutor(new URL(`${base}/redirect`)).execute(call, context());
    expect(result).toMatchObject({ status: 'failure', exception: { exc_type: 'HTTPError' } });
    expect(result.status === 'failure' && String(result.exception.exc_message[0])).toContain(
      '302 redirect refused',
    );
  });

  it('fails when the response body exceeds the size cap', async () => {
    handlers.set('/big', (_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`"${'a'.repeat(5000)}"`);
    });
    const result = await createHttpExecutor(new URL(`${base}/big`), { maxResponseBytes: 1024 }).execute(
      call,
      context(),
    );
    expect(result).toMatchObject({ status: 'failure', exception: { exc_type: 'HTTPError' } });
    expect(result.status === 'failure' && String(result.exception.exc_message[0])).toContain(
      'larger than 1024 bytes',
    );
  });

  it('gives up with TimeoutError when no answer comes within its timeout, even without a time limit', async () => {
    handlers.set('/silent', () => {});
    const result = await createHttpExecutor(new URL(`${base}/silent?code=s3cret`), {
      timeoutMs: 200,
    }).execute(call, context());
    expect(result).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'TimeoutError', exc_module: 'builtins' },
    });
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });

  it('fails with ConnectionError and a redacted URL when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await createHttpExecutor(
      new URL(`http://user:secret@127.0.0.1:${port}/x?key=abc`),
    ).execute(call, context());
    expect(result).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'ConnectionError', exc_module: 'builtins' },
    });
    const message = result.status === 'failure' ? String(result.exception.exc_message[0]) : '';
    expect(message).not.toContain('secret');
    expect(message).not.toContain('abc');
  });
});

describe('createHttpExecutor keeps the executor contract', () =>
  describeExecutorContract({
    host: async (functions) => {
      const server = await startJsonFunctionServer(functions);
      return {
        executor: (name, fragment) => createHttpExecutor(new URL(`${server.url}/${name}${fragment}`)),
        stop: () => server.stop(),
      };
    },
    unreachable: (fragment) => ({
      executor: createHttpExecutor(new URL(`http://127.0.0.1:9/build${fragment}`)),
      target: 'http://127.0.0.1:9/build',
    }),
  }));

describe('createHttpExecutor credentials', () => {
  it('sends URL userinfo as HTTP Basic credentials', async () => {
    let authorization: string | undefined;
    handlers.set('/auth', (request, res) => {
      authorization = request.headers.authorization;
      reply(200, 'null')(request, res);
    });
    const url = new URL(base.replace('http://', 'http://user:s%3Acret@') + '/auth');
    const result = await createHttpExecutor(url).execute(call, context());
    expect(result).toEqual({ status: 'success', value: null });
    expect(authorization).toBe(`Basic ${Buffer.from('user:s:cret').toString('base64')}`);
  });
});

describe('createHttpExecutor retries and circuit breaker', () => {
  const hits = (path: string) => server.requests.filter((r) => r.path === path).length;
  const failingTimes = (times: number, status: number, headers: Record<string, string> = {}): Handler => {
    let n = 0;
    return (_request, res) => {
      n += 1;
      if (n <= times) res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end('busy');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('"done"');
    };
  };

  it('retries 429 and 5xx answers that are not protocol answers, then returns the answer', async () => {
    handlers.set('/throttled', failingTimes(2, 429));
    const executor = createHttpExecutor(new URL(`${base}/throttled#backoff_ms=1`));
    expect(await executor.execute(call, context())).toEqual({ status: 'success', value: 'done' });
    expect(hits('/throttled')).toBe(3);
  });

  it('waits as long as Retry-After asks before the next attempt', async () => {
    handlers.set('/after', failingTimes(1, 503, { 'retry-after': '1' }));
    const started = Date.now();
    const executor = createHttpExecutor(new URL(`${base}/after#backoff_ms=1`));
    expect(await executor.execute(call, context())).toEqual({ status: 'success', value: 'done' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("gives up after the route's attempts, and never repeats a protocol answer", async () => {
    handlers.set('/down', reply(503, 'maintenance', { 'content-type': 'text/plain' }));
    const down = await createHttpExecutor(new URL(`${base}/down#attempts=2&backoff_ms=1`)).execute(
      call,
      context(),
    );
    expect(down).toMatchObject({ status: 'failure', exception: { exc_type: 'HTTPError' } });
    expect(hits('/down')).toBe(2);
    handlers.set('/answered', reply(503, '{"retry": {"countdown": 5}}'));
    await createHttpExecutor(new URL(`${base}/answered#backoff_ms=1`)).execute(call, context());
    expect(hits('/answered')).toBe(1);
  });

  it('does not start an attempt the time left cannot wait for', async () => {
    handlers.set('/late', failingTimes(5, 503, { 'retry-after': '60' }));
    const result = await createHttpExecutor(new URL(`${base}/late`)).execute(call, context());
    expect(result).toMatchObject({ status: 'failure', exception: { exc_type: 'HTTPError' } });
    expect(hits('/late')).toBe(1);
  });

  it('reads celery-cloud/1 answers whatever the HTTP status', async () => {
    handlers.set(
      '/v1',
      reply(
        200,
        '{"protocol": "celery-cloud/1", "status": "retry", "retry": {"countdown": 2, "max_retries": 4}}',
      ),
    );
    const result = await createHttpExecutor(new URL(`${base}/v1`)).execute(call, context());
    expect(result).toEqual({ status: 'retry', countdown: 2, exception: null, maxRetries: 4 });
  });

  it('refuses an unknown route option when the route is built', () => {
    expect(() => createHttpExecutor(new URL(`${base}/x#retries=3`))).toThrow(
      /unknown route option "retries"/,
    );
  });
});
