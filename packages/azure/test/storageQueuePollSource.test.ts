import { QueueClient } from '@azure/storage-queue';
import { encodeTaskMessage, startPollLoop, unwrapTransport } from '@celery-cloud/core';
import { type Azurite, startAzurite } from '@celery-cloud/local/azure';
import { describePollSourceContract } from '@celery-cloud/testkit/contracts';
import { afterAll, beforeAll, describe } from 'vitest';
import { azureQueuePollSource, createPublisher } from '../src/index.js';

describe('the Storage Queue poll source (Azurite)', () => {
  let azurite: Azurite;
  let queues = 0;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 60_000);
  afterAll(() => azurite?.stop());

  describePollSourceContract({
    create: async ({ leaseSeconds, maxDeliveries }) => {
      queues += 1;
      const { connectionString } = azurite;
      const queueName = `poll-${queues}`;
      await new QueueClient(connectionString, queueName).createIfNotExists();
      const publisher = createPublisher({ connectionString });
      return {
        source: async () =>
          azureQueuePollSource({
            connectionString,
            queueName,
            visibilityTimeoutSeconds: leaseSeconds,
            maxDequeueCount: maxDeliveries,
          }),
        publish: (envelope) => publisher.publish(envelope, { queue: queueName }),
        deadLettered: async () => {
          const poison = new QueueClient(connectionString, `${queueName}-poison`);
          if (!(await poison.exists())) return [];
          const { peekedMessageItems } = await poison.peekMessages({ numberOfMessages: 32 });
          return peekedMessageItems.map((m) => unwrapTransport('azure-queue', m.messageText));
        },
      };
    },
    encodeTaskMessage,
    unwrapTransport,
    startPollLoop,
    // An empty receive answers at once: createPoller backs off from 250 ms up to
    // maxPollingIntervalMs (1 s here), as the Functions host does.
    idleBackoff: () => ({ initialMs: 250, maxMs: 1000 }),
    // The source itself moves it to <queue>-poison, as the host does after maxDequeueCount.
    deadLetter: { maxDeliveries: 2 },
  });
});
