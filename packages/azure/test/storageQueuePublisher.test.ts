import { QueueServiceClient } from '@azure/storage-queue';
import { MessageTooLarge, encodeTaskMessage, unwrapTransport } from '@celery-cloud/core';
import { type Azurite, startAzurite } from '@celery-cloud/local/azure';
import { describePublisherContract } from '@celery-cloud/testkit/contracts';
import { afterAll, beforeAll, describe } from 'vitest';
import { createPublisher } from '../src/index.js';

describe('Storage Queue publisher (Azurite)', () => {
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
    await QueueServiceClient.fromConnectionString(azurite.connectionString)
      .getQueueClient('celery')
      .createIfNotExists();
  });
  afterAll(() => azurite?.stop());

  describePublisherContract({
    create: () => ({
      publisher: createPublisher({ connectionString: azurite.connectionString }),
      receive: async (queue) => {
        const client = QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient(
          queue,
        );
        const r = await client.receiveMessages({ numberOfMessages: 32 });
        return r.receivedMessageItems.map((m) => unwrapTransport('azure-queue', m.messageText));
      },
    }),
    queue: 'celery',
    encodeTaskMessage,
    tooLarge: { bytes: 64 * 1024, error: MessageTooLarge },
  });
});
