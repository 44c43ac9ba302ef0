import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { createResultStore } from '@celery-cloud/aws';
import { encodeTaskMessage, wrapForTransport } from '@celery-cloud/core';
import {
  createQueue,
  createResultsTable,
  startDynamoEmulator,
  startSqsEmulator,
} from '@celery-cloud/local/aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './devProcess.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('celery-cloud worker --provider aws', () => {
  let sqsServer: Awaited<ReturnType<typeof startSqsEmulator>>;
  let dynamoServer: Awaited<ReturnType<typeof startDynamoEmulator>>;

  beforeAll(async () => {
    [sqsServer, dynamoServer] = await Promise.all([startSqsEmulator(), startDynamoEmulator()]);
  });

  afterAll(async () => {
    await sqsServer?.stop();
    await dynamoServer?.stop();
  });

  it('polls an existing queue with the environment a container gets and stops cleanly on SIGTERM', async () => {
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: sqsServer.endpoint, credentials });
    const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamoServer.endpoint, credentials });
    const { queueUrl } = await createQueue(sqs, 'work');
    await createResultsTable(dynamo, 'results');

    const child = spawn(
      resolve(repoRoot, 'node_modules/.bin/tsx'),
      [
        '--conditions=@celery-cloud/source',
        'packages/cli/src/bin.ts',
        'worker',
        '--provider=aws',
        '--tasks=examples/tasks.ts',
        // local-aws-sqs holds a long poll until MaxNumberOfMessages are there; real SQS does not.
        '--wait-time=1',
      ],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_ENDPOINT_URL_SQS: sqsServer.endpoint,
          AWS_ENDPOINT_URL_DYNAMODB: dynamoServer.endpoint,
          CELERY_CLOUD_QUEUE_URL: queueUrl,
          CELERY_RESULT_BACKEND: `dynamodb://test:test@${new URL(dynamoServer.endpoint).host}/results`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((done) => child.on('close', done));

    const id = 'worker-test-1';
    const envelope = encodeTaskMessage({
      id,
      task: 'tasks.mul',
      args: [6, 7],
      kwargs: {},
      routing_key: 'work',
    });
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: wrapForTransport(envelope, 'sqs') }),
    );

    const store = createResultStore({ client: dynamo, table: 'results' });
    const deadline = Date.now() + 20_000;
    let meta = await store.get(id);
    while (meta === null && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 100));
      meta = await store.get(id);
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    sqs.destroy();
    dynamo.destroy();
    expect(meta).toMatchObject({ status: 'SUCCESS', result: 42 });
    expect(stdout).toMatch(/^worker: polling http:\/\/127\.0\.0\.1:\d+\/\d+\/work$/m);
    expect(stdout).toMatch(/^task worker-test-1 tasks\.mul SUCCESS \d+ ms$/m);
  }, 40_000);
});
