import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { executionContext, sampleCall, validateJsonSchema } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import type { TaskCall } from '../ports.js';
import { executorRequest } from './executorRequest.js';
import { createHttpExecutor } from './httpExecutor.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../../docs/executor-protocol.schema.json', import.meta.url), 'utf8'),
);
const check = (def: string, value: unknown) => validateJsonSchema({ $ref: `#/$defs/${def}` }, value, schema);
const call = { ...sampleCall, eta: '2030-01-01T00:00:00+00:00', parent_id: 'p1', group: 'g1' } as TaskCall;

describe('docs/executor-protocol.schema.json', () => {
  it('describes the request the HTTP executor really sends', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('null');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/f`);
      await createHttpExecutor(url).execute(call, executionContext());
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(bodies).toHaveLength(1);
    expect(check('request', JSON.parse(bodies[0] as string))).toEqual([]);
  });

  it('describes the Lambda form of the request (task as an object)', () => {
    const request = JSON.parse(JSON.stringify(executorRequest(call, executionContext(), 'object')));
    expect(check('request', request)).toEqual([]);
    expect(check('request', { ...request, task: { id: 'x' } })).toContain(
      '$.task: matches 0 of oneOf, not exactly 1',
    );
  });

  it('accepts the three answers and refuses malformed ones', () => {
    const v1 = { protocol: 'celery-cloud/1' };
    expect(check('answer', { ...v1, status: 'success', result: { a: [1] } })).toEqual([]);
    expect(
      check('answer', {
        ...v1,
        status: 'failure',
        exc_type: 'ValueError',
        exc_module: 'builtins',
        exc_message: ['x'],
        traceback: 'T',
      }),
    ).toEqual([]);
    expect(
      check('answer', { ...v1, status: 'retry', retry: { countdown: 5, max_retries: 3, exc: null } }),
    ).toEqual([]);
    expect(check('answer', { ...v1, status: 'failure' })).not.toEqual([]);
    expect(check('answer', { ...v1, status: 'retry', retry: { countdown: -1 } })).not.toEqual([]);
    expect(check('answer', { ...v1, status: 'retry', retry: { delay: 5 } })).not.toEqual([]);
    expect(check('answer', { protocol: 'celery-cloud/2', status: 'success' })).not.toEqual([]);
  });
});
