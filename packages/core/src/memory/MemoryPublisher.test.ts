import { describePublisherContract } from '@celery-cloud/testkit/contracts';
import { describe } from 'vitest';
import { encodeTaskMessage } from '../codec/encodeTaskMessage.js';
import { MessageTooLarge } from '../errors.js';
import { MemoryPublisher } from './MemoryPublisher.js';

describe('MemoryPublisher', () => {
  describePublisherContract({
    create: () => {
      const publisher = new MemoryPublisher({ maxMessageBytes: 64 * 1024 });
      const receive = async (queue: string) =>
        publisher.published.filter((p) => p.queue === queue).map((p) => p.envelope);
      return { publisher, receive };
    },
    queue: 'celery',
    encodeTaskMessage,
    tooLarge: { bytes: 64 * 1024, error: MessageTooLarge },
  });
});
