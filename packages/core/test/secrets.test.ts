/**
 * Secrets in route URLs (userinfo, function keys in the query) never reach logs or stored results.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { httpExecutorPlugin } from '../src/runner/httpExecutor.js';
import { sqsMessage, testRunner } from '../src/testing/index.js';

const SECRETS = ['hunter2', 'fn-key-123', 'tok-456'];

function leaks(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

describe('secrets in routes', () => {
  it('stay out of log lines, stored exceptions and tracebacks when the remote call fails', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const failing = `http://admin:hunter2@127.0.0.1:${port}/run?code=fn-key-123&token=tok-456`;
    const { runner, backend, logger } = testRunner({ routes: { 'remote.task': failing } });
    await runner.runBatch([sqsMessage({ id: 's1', task: 'remote.task' })]);
    const meta = await backend.get('s1');
    expect(meta?.status).toBe('FAILURE');
    expect(leaks(JSON.stringify(meta))).toEqual([]);
    expect(leaks(JSON.stringify(logger.lines))).toEqual([]);
  });

  it('stay out of what a failing endpoint answers back to us in an error excerpt', async () => {
    const server = createServer((req, res) => res.writeHead(500).end(`bad request to ${req.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const { runner, backend, logger } = testRunner({
      routes: { 'remote.task': `http://127.0.0.1:${port}/run?code=fn-key-123` },
    });
    await runner.runBatch([sqsMessage({ id: 's2', task: 'remote.task' })]);
    await new Promise((resolve) => server.close(resolve));
    const meta = await backend.get('s2');
    expect(meta?.status).toBe('FAILURE');
    expect(leaks(JSON.stringify({ meta, lines: logger.lines }))).toEqual([]);
  });
});

/** Where an endpoint's answer can carry text back to us. */
const PLACES = [
  'value',
  'value key',
  'exc_type',
  'exc_module',
  'exc_message',
  'nested exc_message',
  'traceback',
  'retry exc',
  'retry eta',
  'plain text',
  'invalid JSON on 2xx',
] as const;

function answer(place: (typeof PLACES)[number], text: string): { status: number; body: string } {
  const json = (status: number, value: unknown) => ({ status, body: JSON.stringify(value) });
  switch (place) {
    case 'value':
      return json(200, { echo: text });
    case 'value key':
      return json(200, { [text]: 1 });
    case 'exc_type':
      return json(500, { exc_type: text, exc_message: [] });
    case 'exc_module':
      return json(500, { exc_type: 'ValueError', exc_module: text });
    case 'exc_message':
      return json(500, { exc_type: 'ValueError', exc_message: text });
    case 'nested exc_message':
      return json(500, { exc_type: 'ValueError', exc_message: [{ seen: [7, text] }] });
    case 'traceback':
      return json(500, { exc_type: 'ValueError', traceback: text });
    case 'retry exc':
      return json(503, { retry: { countdown: 1.0, exc: { exc_type: 'KeyError', exc_message: [text] } } });
    case 'retry eta':
      return json(503, { retry: { eta: text } });
    case 'plain text':
      return { status: 500, body: text };
    case 'invalid JSON on 2xx':
      return { status: 200, body: `{${text}` };
  }
}

describe('secrets anywhere in an endpoint answer', () => {
  it('never reach the stored meta or the log lines, in any encoding', async () => {
    let reply = { status: 200, body: 'null' };
    const server = createServer((_req, res) => res.writeHead(reply.status).end(reply.body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const token = fc.stringMatching(/^[a-z0-9]{6,14}$/).map((s) => `sk-${s}`);
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ password: token, query: token, header: token }),
          fc.constantFrom(...PLACES),
          fc.constantFrom('password', 'query', 'header', 'basic', 'url-encoded basic'),
          fc.string({ maxLength: 300 }),
          fc.string({ maxLength: 20 }),
          async (keys, place, which, before, after) => {
            const basic = Buffer.from(`user:${keys.password}`).toString('base64');
            const secret = {
              password: keys.password,
              query: keys.query,
              header: keys.header,
              basic,
              'url-encoded basic': encodeURIComponent(basic),
            }[which];
            reply = answer(place, `${before}${secret}${after}`);
            const { runner, backend, logger } = testRunner({
              routes: {
                'remote.task': `http://user:${keys.password}@127.0.0.1:${port}/run?code=${keys.query}`,
              },
              plugins: [httpExecutorPlugin('http', { headers: { authorization: `Bearer ${keys.header}` } })],
            });
            await runner.runBatch([sqsMessage({ id: 'leak-1', task: 'remote.task' })]);
            const stored = JSON.stringify(backend.writes) + JSON.stringify(logger.lines);
            for (const s of [keys.password, keys.query, keys.header, basic])
              expect(stored.includes(s), `${s} leaked from ${place}`).toBe(false);
          },
        ),
        { numRuns: 150 },
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
