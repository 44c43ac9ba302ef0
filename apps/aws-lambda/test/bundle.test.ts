import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createResultStore } from '@celery-cloud/aws';
import { encodeTaskMessage, wrapForTransport } from '@celery-cloud/core';
import { type LocalAwsStackWithConfig, startLocalAwsStack } from '@celery-cloud/local/aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const APP = new URL('..', import.meta.url).pathname;
const BUNDLE = `${APP}dist/handler.mjs`;

describe('the bundled Lambda handler', () => {
  let stack: LocalAwsStackWithConfig;
  beforeAll(async () => {
    execFileSync('node', ['build.mjs'], { cwd: APP });
    stack = await startLocalAwsStack();
  }, 60_000);
  afterAll(() => stack.stop());

  it('is a small entry and its chunks, without the local emulators', () => {
    const files = readdirSync(`${APP}dist`);
    const size = files.reduce((n, f) => n + statSync(`${APP}dist/${f}`).size, 0);
    expect(size).toBeLessThan(1.5 * 1024 * 1024);
    for (const file of files) {
      const text = readFileSync(`${APP}dist/${file}`, 'utf8');
      expect(text).not.toContain('dynalite');
      expect(text).not.toContain('local-aws-sqs');
    }
  });

  it('leaves the Lambda SDK to a chunk loaded on the first lambda:// call, not at cold start', () => {
    const imported = [...readFileSync(BUNDLE, 'utf8').matchAll(/import\("\.\/([^"]+)"\)/g)].map((m) => m[1]!);
    const lazy = imported.filter((f) =>
      readFileSync(`${APP}dist/${f}`, 'utf8').includes('@aws-sdk/client-lambda'),
    );
    expect(lazy).toHaveLength(1);
    expect(readFileSync(BUNDLE, 'utf8')).not.toContain('@aws-sdk/client-lambda');
  });

  it('runs an SQS event and stores the result', async () => {
    // The bundle reads its configuration from process.env when it is imported, as on Lambda.
    Object.assign(process.env, stack.env);
    const { handler } = (await import(BUNDLE)) as {
      handler: (event: unknown, context: unknown) => Promise<unknown>;
    };
    const body = wrapForTransport(
      encodeTaskMessage({ id: 'bundle-1', task: 'proj.tasks.add', args: [40, 2], kwargs: {} }),
      'sqs',
    );
    const record = {
      messageId: 'm1',
      receiptHandle: 'r1',
      body,
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:celery',
      awsRegion: 'us-east-1',
    };
    const answer = await handler({ Records: [record] }, { getRemainingTimeInMillis: () => 30_000 });
    expect(answer).toEqual({ batchItemFailures: [] });
    const stored = await createResultStore({ client: stack.dynamo, table: stack.table }).get('bundle-1');
    expect(stored).toMatchObject({ status: 'SUCCESS', result: 42 });
  });

  it('fails at cold start with a clear configuration error when the backend is missing', () => {
    // A fresh Node process imports the bundle as the Lambda runtime does at cold start.
    const run = spawnSync('node', ['--input-type=module', '-e', `await import(${JSON.stringify(BUNDLE)})`], {
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('CELERY_RESULT_BACKEND is not set');
  });
});
