import { answerFromHttp, defineRemoteFunction } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { type CloudResponseLike, cloudRemoteFunction } from './cloudRemoteFunction.js';

function response() {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const res: CloudResponseLike = {
    status(code) {
      sent.status = code;
      return res;
    },
    set(field, value) {
      sent.headers[field] = value;
      return res;
    },
    send(body) {
      sent.body = body;
    },
  };
  return { res, sent };
}

const double = cloudRemoteFunction(defineRemoteFunction((_ctx, n: number) => 2n * BigInt(n)));
const source = { target: 'gcf://europe-west1/p/double', task: 'maths.double' };

describe('cloudRemoteFunction', () => {
  it('answers 200 with the celery-cloud/1 answer the runner reads, from the raw body', async () => {
    const { res, sent } = response();
    await double({ rawBody: Buffer.from('{"args": [21], "kwargs": {}, "protocol": "celery-cloud/1"}') }, res);
    expect(sent.status).toBe(200);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(answerFromHttp(200, sent.body ?? '', source).result).toEqual({ status: 'success', value: 42 });
  });

  it('falls back to the parsed body, and answers a failure for a bad request', async () => {
    const { res, sent } = response();
    await double({ body: { args: [1] } }, res);
    expect(answerFromHttp(200, sent.body ?? '', source).result).toEqual({ status: 'success', value: 2 });
    const bad = response();
    await double({ body: 'nope' }, bad.res);
    expect(answerFromHttp(200, bad.sent.body ?? '', source).result).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'ProtocolError' },
    });
  });
});
