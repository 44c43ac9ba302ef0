import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { encodeTaskMessage, startPollLoop, unwrapTransport } from '@celery-cloud/core';
import { type LocalService, createQueue, startSqsEmulator } from '@celery-cloud/local/aws';
import { must } from '@celery-cloud/testkit';
import { describePollSourceContract } from '@celery-cloud/testkit/contracts';
import { afterAll, beforeAll, describe } from 'vitest';
import { createPublisher, sqsPollSource } from '../src/index.js';

describe('the SQS poll source (local SQS)', () => {
  let emulator: LocalService;
  let sqs: SQSClient;
  let queues = 0;
  beforeAll(async () => {
    emulator = await startSqsEmulator();
    sqs = new SQSClient({
      region: 'us-east-1',
      endpoint: emulator.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  afterAll(async () => {
    sqs?.destroy();
    await emulator?.stop();
  });

  describePollSourceContract({
    create: async ({ leaseSeconds, waitSeconds, maxDeliveries }) => {
      queues += 1;
      const name = `poll-${queues}`;
      const { queueUrl, deadLetterQueueUrl } = await createQueue(sqs, name, {
        visibilityTimeoutSeconds: leaseSeconds,
        deadLetter: { queueName: `${name}-dlq`, maxReceiveCount: maxDeliveries },
      });
      const publisher = createPublisher({ client: sqs, queueUrls: { [name]: queueUrl } });
      return {
        source: async () =>
          sqsPollSource({
            sqs,
            queueUrl,
            waitTimeSeconds: waitSeconds,
            visibilityTimeoutSeconds: leaseSeconds,
          }),
        publish: (envelope) => publisher.publish(envelope, { queue: name }),
        deadLettered: async () => {
          const { Messages = [] } = await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: must(deadLetterQueueUrl, 'the dead-letter queue'),
              MaxNumberOfMessages: 10,
            }),
          );
          return Messages.map((m) => unwrapTransport('sqs', m.Body ?? ''));
        },
      };
    },
    encodeTaskMessage,
    unwrapTransport,
    startPollLoop,
    // The receive itself waits: a long poll of up to waitTimeSeconds.
    idleBackoff: () => null,
    // The queue's redrive policy moves it to the dead-letter queue.
    deadLetter: { maxDeliveries: 2 },
  });
});
