import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import {
  type LocalAwsStackWithConfig,
  startEventSourceMapping,
  startLocalAwsStack,
} from '@celery-cloud/local/aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function notVisible(stack: LocalAwsStackWithConfig): Promise<number> {
  const r = await stack.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: stack.queueUrl, AttributeNames: ['All'] }),
  );
  return Number(r.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

describe("the local stand-in of Lambda's SQS event source mapping", () => {
  let stack: LocalAwsStackWithConfig;

  beforeAll(async () => {
    stack = await startLocalAwsStack({ visibilityTimeoutSeconds: 30 });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('runs one invocation at a time, with the next batch received while one runs, each message once', async () => {
    const bodies = Array.from({ length: 25 }, (_, i) => `m${i}`);
    for (let i = 0; i < bodies.length; i += 10) {
      await stack.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: stack.queueUrl,
          Entries: bodies.slice(i, i + 10).map((b, j) => ({ Id: String(j), MessageBody: b })),
        }),
      );
    }
    let running = 0;
    let mostRunning = 0;
    const seen: string[] = [];
    const heldDuringFirst: number[] = [];
    const mapping = startEventSourceMapping({
      sqs: stack.sqs,
      queueUrl: stack.queueUrl,
      visibilityTimeoutSeconds: 30,
      handler: async (event) => {
        running++;
        mostRunning = Math.max(mostRunning, running);
        seen.push(...event.Records.map((r) => r.body));
        // While the first batch runs, the next one is received and held for it.
        if (seen.length === event.Records.length) {
          for (let i = 0; i < 20 && heldDuringFirst.at(-1) !== 20; i++) {
            heldDuringFirst.push(await notVisible(stack));
            await sleep(50);
          }
        } else await sleep(100);
        running--;
        return { batchItemFailures: [] };
      },
    });
    try {
      for (let i = 0; i < 100 && seen.length < bodies.length; i++) await sleep(100);
      for (let i = 0; i < 50 && (await notVisible(stack)) > 0; i++) await sleep(100);
    } finally {
      await mapping.stop();
    }
    expect(heldDuringFirst.at(-1)).toBe(20);
    expect(mostRunning).toBe(1);
    expect([...seen].sort()).toEqual([...bodies].sort());
    expect(await notVisible(stack)).toBe(0);
  });
});
