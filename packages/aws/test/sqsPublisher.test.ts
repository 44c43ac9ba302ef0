import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { MessageTooLarge, encodeTaskMessage, unwrapTransport } from '@celery-cloud/core';
import { type LocalAwsStackWithConfig, startLocalAwsStack } from '@celery-cloud/local/aws';
import { describePublisherContract } from '@celery-cloud/testkit/contracts';
import { afterAll, beforeAll, describe } from 'vitest';
import { createPublisher } from '../src/index.js';

describe('SQS publisher (local SQS)', () => {
  let stack: LocalAwsStackWithConfig;
  beforeAll(async () => {
    stack = await startLocalAwsStack();
  });
  afterAll(() => stack.stop());

  describePublisherContract({
    create: () => ({
      publisher: createPublisher({ client: stack.sqs, queueUrls: { celery: stack.queueUrl } }),
      receive: async () => {
        const r = await stack.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: stack.queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
          }),
        );
        return (r.Messages ?? []).map((m) => unwrapTransport('sqs', m.Body ?? ''));
      },
    }),
    queue: 'celery',
    encodeTaskMessage,
    tooLarge: { bytes: 1024 * 1024, error: MessageTooLarge },
  });
});
