import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createResultStore } from '@celery-cloud/aws';
import { decodeMessage } from '@celery-cloud/core';
import { startDynamoEmulator, startSqsEmulator } from '@celery-cloud/local/aws';
import { hasPythonCelery, must, runPython } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevProcess } from './devProcess.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const TASK_COUNT = 12;

// Publishes TASK_COUNT slow tasks with the Python client and prints their ids.
const publisher = `
import json, sys
from celery import Celery
config = json.loads(sys.argv[1])
app = Celery('client', broker=config['broker_url'], backend=config['backend_url'])
app.conf.broker_transport_options = config['transport_options']
app.conf.task_default_queue = config['queue']
print(json.dumps([app.send_task('tasks.sleep', args=(1,)).id for _ in range(${TASK_COUNT})]))
`;

describe.skipIf(!hasPythonCelery())('celery-cloud dev on SIGTERM', () => {
  let sqsServer: Awaited<ReturnType<typeof startSqsEmulator>>;
  let dynamoServer: Awaited<ReturnType<typeof startDynamoEmulator>>;

  beforeAll(async () => {
    [sqsServer, dynamoServer] = await Promise.all([startSqsEmulator({}), startDynamoEmulator({})]);
  });

  afterAll(async () => {
    await sqsServer?.stop();
    await dynamoServer?.stop();
  });

  it('finishes the batches in flight and leaves every other message on the queue', async () => {
    const dev = await startDevProcess([
      '--tasks=examples/tasks.ts',
      '--queue=drain',
      '--batch-size=4',
      '--visibility-timeout=4',
      '--summary-interval=0',
      `--sqs-endpoint=${sqsServer.endpoint}`,
      `--dynamodb-endpoint=${dynamoServer.endpoint}`,
    ]);
    const sent = await runPython(publisher, { args: [JSON.stringify(dev.config)] });
    const ids: string[] = JSON.parse(sent.stdout);
    expect(ids).toHaveLength(TASK_COUNT);

    // SIGTERM while batches run (each task takes a second, one batch of 4 at a time), once a first
    // task is done rather than after a fixed wait a loaded machine could spend before any: what
    // was received must finish, what was not must stay on the queue.
    await expect.poll(() => dev.stderr(), { timeout: 20_000 }).toMatch(/^task \S+ tasks\.sleep SUCCESS/m);
    dev.child.kill('SIGTERM');
    expect(await dev.exited).toBe(0);

    const store = createResultStore({
      client: new DynamoDBClient({ region: 'us-east-1', endpoint: dynamoServer.endpoint, credentials }),
      table: 'celery',
    });
    const completed = new Set<string>();
    for (const id of ids) {
      if ((await store.get(id))?.status === 'SUCCESS') completed.add(id);
    }
    const requeued = await drainQueue(
      String(dev.config.queue_url),
      sqsServer.endpoint,
      12_000,
      TASK_COUNT - completed.size,
    );

    // Both kinds exist: the drain finished received batches, and the rest was never taken.
    expect(completed.size).toBeGreaterThan(0);
    expect(requeued.size).toBeGreaterThan(0);
    expect([...requeued].filter((id) => completed.has(id))).toEqual([]);
    expect(ids.filter((id) => !completed.has(id) && !requeued.has(id))).toEqual([]);
  }, 50_000);
});

/** Receive (and delete) messages until `expected` distinct task ids were seen or time is up. */
async function drainQueue(queueUrl: string, endpoint: string, timeoutMs: number, expected: number) {
  const sqs = new SQSClient({ region: 'us-east-1', endpoint, credentials });
  const seen = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  while (seen.size < expected && Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }),
    );
    for (const message of Messages) {
      seen.add(decodeMessage('sqs', must(message.Body)).id);
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: must(message.ReceiptHandle) }),
      );
    }
  }
  sqs.destroy();
  return seen;
}
