/**
 * Secrets in route URLs (userinfo, function keys in the query) never reach logs or stored results.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sqsMessage, testRunner } from '../src/runner/testSupport.js';

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
