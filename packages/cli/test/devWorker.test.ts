import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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
import { must } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WorkerProcess, startWorkerProcess } from './devProcess.js';
import { waitForStatus } from './waitForStatus.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('celery-cloud worker --provider aws', () => {
  let sqsServer: Awaited<ReturnType<typeof startSqsEmulator>>;
  let dynamoServer: Awaited<ReturnType<typeof startDynamoEmulator>>;
  let sqs: SQSClient;
  let dynamo: DynamoDBClient;

  beforeAll(async () => {
    [sqsServer, dynamoServer] = await Promise.all([startSqsEmulator(), startDynamoEmulator()]);
    sqs = new SQSClient({ region: 'us-east-1', endpoint: sqsServer.endpoint, credentials });
    dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamoServer.endpoint, credentials });
    await createResultsTable(dynamo, 'results');
  });

  afterAll(async () => {
    sqs?.destroy();
    dynamo?.destroy();
    await sqsServer?.stop();
    await dynamoServer?.stop();
  });

  /** Start the real bin with the environment a container gets. */
  function startWorker(queueUrl: string, flags: string[], env: Record<string, string> = {}): WorkerProcess {
    return startWorkerProcess(
      [
        '--provider=aws',
        '--tasks=examples/tasks.ts',
        // local-aws-sqs holds a long poll until MaxNumberOfMessages are there; real SQS does not.
        '--wait-time=1',
        ...flags,
      ],
      {
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_SQS: sqsServer.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: dynamoServer.endpoint,
        CELERY_CLOUD_QUEUE_URL: queueUrl,
        CELERY_RESULT_BACKEND: `dynamodb://test:test@${new URL(dynamoServer.endpoint).host}/results`,
        ...env,
      },
    );
  }

  async function send(queueUrl: string, id: string, task: string, args: unknown[], queue: string) {
    const envelope = encodeTaskMessage({ id, task, args, kwargs: {}, routing_key: queue });
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: wrapForTransport(envelope, 'sqs') }),
    );
  }

  const waitFor = (id: string, status: string, ms: number) =>
    waitForStatus(createResultStore({ client: dynamo, table: 'results' }), id, status, ms);

  it('polls an existing queue with the environment a container gets and stops cleanly on SIGTERM', async () => {
    const { queueUrl } = await createQueue(sqs, 'work');
    const worker = startWorker(queueUrl, ['--health-port=0']);
    await send(queueUrl, 'worker-test-1', 'tasks.mul', [6, 7], 'work');
    const meta = await waitFor('worker-test-1', 'SUCCESS', 20_000);
    const health = /liveness on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(worker.stdout())?.[1];
    const probe = health === undefined ? null : await fetch(health);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(meta).toMatchObject({ status: 'SUCCESS', result: 42 });
    expect(probe?.status).toBe(200);
    expect(await probe?.json()).toEqual({ status: 'ok', inFlight: 0 });
    expect(worker.stdout()).toMatch(/^worker: polling http:\/\/127\.0\.0\.1:\d+\/\d+\/work$/m);
    expect(worker.stdout()).toMatch(/^task worker-test-1 tasks\.mul SUCCESS \d+ ms$/m);
  }, 40_000);

  it('with --beat, sends each entry of the schedule when due and runs the tasks it sent', async () => {
    const { queueUrl } = await createQueue(sqs, 'beat');
    const dir = mkdtempSync(join(tmpdir(), 'worker-beat-'));
    const file = join(dir, 'beat.json');
    writeFileSync(file, JSON.stringify({ 'mul-every-1s': { task: 'tasks.mul', schedule: 1, args: [6, 7] } }));
    const worker = startWorker(queueUrl, [`--beat=${file}`]);
    const sent = () =>
      [...worker.stdout().matchAll(/^beat: sent mul-every-1s -> tasks\.mul \[(\S+)\]$/gm)].map((m) =>
        must(m[1]),
      );
    try {
      await expect.poll(() => sent().length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      const [first, second] = sent();
      expect(first).not.toBe(second);
      expect(await waitFor(must(first), 'SUCCESS', 20_000)).toMatchObject({ status: 'SUCCESS', result: 42 });
      expect(await waitFor(must(second), 'SUCCESS', 20_000)).toMatchObject({ status: 'SUCCESS', result: 42 });
    } finally {
      worker.child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await worker.exited).toBe(0);
  }, 60_000);

  it('runs a task whose worker was killed with SIGKILL mid-run once more, on another worker, to SUCCESS', async () => {
    const { queueUrl } = await createQueue(sqs, 'crash', { visibilityTimeoutSeconds: 3 });
    const flags = ['--visibility-timeout=3', '--concurrency=1'];
    const trackStarted = { CELERY_TASK_TRACK_STARTED: 'true' };
    const first = startWorker(queueUrl, flags, trackStarted);
    await send(queueUrl, 'crash-1', 'tasks.sleep', [4], 'crash');
    const started = await waitFor('crash-1', 'STARTED', 20_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = startWorker(queueUrl, flags, trackStarted);
    const meta = await waitFor('crash-1', 'SUCCESS', 25_000);
    // A redelivery would show as a second task line.
    await sleep(4000);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(started?.status).toBe('STARTED');
    expect(first.stdout()).not.toMatch(/^task crash-1 /m);
    expect(meta).toMatchObject({ status: 'SUCCESS', result: 4 });
    expect(second.stdout().match(/^task crash-1 tasks\.sleep SUCCESS \d+ ms$/gm)).toHaveLength(1);
  }, 60_000);
});
