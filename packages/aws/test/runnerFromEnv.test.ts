import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { TaskRegistry, defineTask, encodeTaskMessage, wrapForTransport } from '@celery-cloud/core';
import { type LocalAwsStackWithConfig, startLocalAwsStack } from '@celery-cloud/local/aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnerFromEnv } from '../src/index.js';

const tasks = new TaskRegistry().register(defineTask('proj.add', (_ctx, a: number, b: number) => a + b));
const quiet = { log: () => {} };

function message(id: string) {
  const envelope = encodeTaskMessage({ id, task: 'proj.add', args: [1, 2], kwargs: {} });
  return { messageId: id, transport: 'sqs' as const, payload: wrapForTransport(envelope, 'sqs') };
}

describe('runnerFromEnv settings that travel (DynamoDB emulator)', () => {
  let stack: LocalAwsStackWithConfig;
  beforeAll(async () => {
    stack = await startLocalAwsStack();
  });
  afterAll(() => stack.stop());

  async function storedTtl(id: string, env: Record<string, string>): Promise<number | null> {
    const [outcome] = await runnerFromEnv({ ...stack.env, ...env }, { tasks, logger: quiet }).runBatch([
      message(id),
    ]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'SUCCESS' });
    const item = await stack.dynamo.send(
      new GetItemCommand({ TableName: stack.table, Key: { id: { S: `b'celery-task-meta-${id}'` } } }),
    );
    return item.Item?.ttl?.N === undefined ? null : Number(item.Item.ttl.N) - Math.floor(Date.now() / 1000);
  }

  it("expires results after Celery's result_expires: one day by default, CELERY_RESULT_EXPIRES, or never", async () => {
    expect(await storedTtl('ttl-default', {})).toBeCloseTo(86_400, -1);
    expect(await storedTtl('ttl-hour', { CELERY_RESULT_EXPIRES: '3600' })).toBeCloseTo(3600, -1);
    expect(await storedTtl('ttl-never', { CELERY_RESULT_EXPIRES: '0' })).toBeNull();
    const url = `${stack.env.CELERY_RESULT_BACKEND}?ttl_seconds=60`;
    expect(await storedTtl('ttl-url', { CELERY_RESULT_BACKEND: url })).toBeCloseTo(60, -1);
  });
});

describe('runnerFromEnv: the region of dynamodb://@<region>/<table>', () => {
  let server: Server;
  const scopes: string[] = [];
  beforeAll(async () => {
    // Answers every request with an error, after noting the region it was signed for.
    server = createServer((req, res) => {
      scopes.push(
        /Credential=[^/]+\/\d+\/([^/]+)\/dynamodb\//.exec(req.headers.authorization ?? '')?.[1] ?? '?',
      );
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', message: 'test' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('signs DynamoDB requests for the region the URL names, not AWS_REGION', async () => {
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      CELERY_RESULT_BACKEND: 'dynamodb://@eu-west-1/celery',
    };
    const [outcome] = await runnerFromEnv(env, { tasks, logger: quiet }).runBatch([message('region-1')]);
    expect(outcome).toMatchObject({ action: 'redeliver' });
    expect(new Set(scopes)).toEqual(new Set(['eu-west-1']));
  });
});
