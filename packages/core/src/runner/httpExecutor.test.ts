import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionContext, TaskCall } from '../ports.js';
import { createHttpExecutor } from './httpExecutor.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const handlers = new Map<string, Handler>();
const received: Array<{ path: string; contentType: string | undefined; body: string }> = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body });
      handlers.get(req.url ?? '')?.(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

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
  return (_req, _body, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };
}

describe('createHttpExecutor', () => {
  it('POSTs the task as JSON and returns a 2xx JSON body as the result', async () => {
    handlers.set('/ok', reply(200, '{"sum": 5}'));
    const result = await createHttpExecutor(new URL(`${base}/ok`)).execute(call, context());
    expect(result).toEqual({ status: 'success', value: { sum: 5 } });
    const request = received.find((r) => r.path === '/ok');
    expect(request?.contentType).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual({
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
    handlers.set('/bad', reply(502, `upstream down ${'x'.repeat(500)}`, { 'content-type': 'text/plain' }));
    const result = await createHttpExecutor(new URL(`${base}/bad`)).execute(call, context());
    expect(result).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'HTTPError', exc_module: 'requests.exceptions' },
    });
    const message = result.status === 'failure' ? String(result.exception.exc_message[0]) : '';
    expect(message).toContain('502');
    expect(message).toContain('upstream down');
    expect(message.length).toBeLessThan(300);
  });

  it('reads retry numbers written as floats, as Python json.dumps writes them', async () => {
    handlers.set('/retry-floats', reply(503, '{"retry": {"countdown": 5.0, "max_retries": 10.0}}'));
    const result = await createHttpExecutor(new URL(`${base}/retry-floats`)).execute(call, context());
    expect(result).toEqual({ status: 'retry', countdown: 5, exception: null, maxRetries: 10 });
  });

  it('passes a retry countdown that is not a number on as NaN, for the runner to refuse', async () => {
    handlers.set('/retry-bad', reply(503, '{"retry": {"countdown": "soon", "max_retries": 2.5}}'));
    const result = await createHttpExecutor(new URL(`${base}/retry-bad`)).execute(call, context());
    expect(result).toEqual({
      status: 'retry',
      countdown: Number.NaN,
      exception: null,
      maxRetries: Number.NaN,
    });
  });

  it('turns a {"retry": {...}} body into a retry request', async () => {
    handlers.set('/retry', reply(503, '{"retry": {"countdown": 30, "max_retries": 5}}'));
    const result = await createHttpExecutor(new URL(`${base}/retry`)).execute(call, context());
    expect(result).toEqual({ status: 'retry', countdown: 30, exception: null, maxRetries: 5 });
  });

  it('aborts the request when the execution signal fires', async () => {
    handlers.set('/slow', () => {});
    const controller = new AbortController();
    const pending = createHttpExecutor(new URL(`${base}/slow`)).execute(call, context(controller.signal));
    setTimeout(() => controller.abort(new Error('hard limit')), 20);
    const result = await pending;
    expect(result.status).toBe('failure');
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
    handlers.set('/big', (_req, _body, res) => {
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

describe('createHttpExecutor credentials', () => {
  it('sends URL userinfo as HTTP Basic credentials', async () => {
    let authorization: string | undefined;
    handlers.set('/auth', (req, _body, res) => {
      authorization = req.headers.authorization;
      reply(200, 'null')(req, _body, res);
    });
    const url = new URL(base.replace('http://', 'http://user:s%3Acret@') + '/auth');
    const result = await createHttpExecutor(url).execute(call, context());
    expect(result).toEqual({ status: 'success', value: null });
    expect(authorization).toBe(`Basic ${Buffer.from('user:s:cret').toString('base64')}`);
  });
});
