import { type KombuEnvelope, MessageTooLarge, encodeTaskMessage, unwrapTransport } from '@celery-cloud/core';
import { type LocalGcp, hasGcpEmulators, startLocalGcp } from '@celery-cloud/local/gcp';
import { describePublisherContract } from '@celery-cloud/testkit/contracts';
import { afterAll, beforeAll, describe } from 'vitest';
import { createPublisher } from '../src/index.js';

const gcp = hasGcpEmulators() ? describe : describe.skip;

gcp('Pub/Sub publisher (emulator)', () => {
  let stack: LocalGcp;
  const received: KombuEnvelope[] = [];
  beforeAll(async () => {
    stack = await startLocalGcp();
    stack.subscription.on(
      'message',
      (m: { data: Buffer; attributes: Record<string, string>; ack(): void }) => {
        m.ack();
        received.push(
          unwrapTransport('pubsub', { data_base64: m.data.toString('base64'), attributes: m.attributes }),
        );
      },
    );
  }, 60_000);
  afterAll(async () => {
    await stack?.subscription.close();
    await stack?.stop();
  });

  describePublisherContract({
    create: () => ({
      publisher: createPublisher({ pubsub: stack.pubsub, topic: stack.topic }),
      receive: async () => received,
    }),
    queue: 'celery',
    encodeTaskMessage,
    tooLarge: { bytes: 10_000_000, error: MessageTooLarge },
  });
});
