import { encodeTaskMessage, startPollLoop, unwrapTransport } from '@celery-cloud/core';
import { type GcpEmulator, hasGcpEmulators, startPubSubEmulator } from '@celery-cloud/local/gcp';
import { describeWhen } from '@celery-cloud/testkit';
import { describePollSourceContract } from '@celery-cloud/testkit/contracts';
import { PubSub, v1 } from '@google-cloud/pubsub';
import { afterAll, beforeAll } from 'vitest';
import { createPublisher, pubSubPollSource } from '../src/index.js';

type SubscriberOptions = ConstructorParameters<typeof v1.SubscriberClient>[0];

const gcp = describeWhen(
  hasGcpEmulators(),
  'Java or the gcloud Pub/Sub emulator jar is missing: the Pub/Sub poll-source contract did not run',
);

gcp('the Pub/Sub poll source (emulator)', () => {
  let emulator: GcpEmulator;
  let pubsub: PubSub;
  const topic = 'celery';
  let queues = 0;
  beforeAll(async () => {
    process.env.METADATA_SERVER_DETECTION ??= 'none';
    emulator = await startPubSubEmulator();
    pubsub = new PubSub({ projectId: 'celery-cloud-local', apiEndpoint: emulator.host, emulatorMode: true });
    await pubsub.createTopic(topic);
  }, 60_000);
  afterAll(async () => {
    await pubsub?.close();
    await emulator?.stop();
  });

  describePollSourceContract({
    create: async ({ leaseSeconds, waitSeconds, maxDeliveries }) => {
      queues += 1;
      const queue = `poll-${queues}`;
      const [deadLetterTopic] = await pubsub.createTopic(`${queue}-dead-letter`);
      const [deadLetters] = await deadLetterTopic.createSubscription(`${queue}-dead-letter`);
      // kombu's subscription of a queue, filtered on its routing key, with a dead-letter policy
      // (which is also what has Pub/Sub count deliveries).
      await pubsub.topic(topic).createSubscription(`kombu-${queue}`, {
        filter: `attributes.routing_key = "${queue}"`,
        ackDeadlineSeconds: leaseSeconds,
        deadLetterPolicy: { deadLetterTopic: deadLetterTopic.name, maxDeliveryAttempts: maxDeliveries },
      });
      const publisher = createPublisher({ pubsub, topic });
      return {
        source: () =>
          pubSubPollSource({
            pubsub,
            subscription: `kombu-${queue}`,
            queues: [queue],
            ackDeadlineSeconds: leaseSeconds,
            waitTimeSeconds: waitSeconds,
          }),
        publish: (envelope) => publisher.publish(envelope, { queue }),
        deadLettered: async () => {
          const subscriber = new v1.SubscriberClient((await pubsub.getClientConfig()) as SubscriberOptions);
          const [received] = await subscriber
            .pull({ subscription: deadLetters.name, maxMessages: 10 })
            .finally(() => subscriber.close());
          return (received.receivedMessages ?? []).map(({ message }) =>
            unwrapTransport('pubsub', {
              data_base64: Buffer.from(message?.data ?? '').toString('base64'),
              attributes: (message?.attributes ?? {}) as Record<string, string>,
            }),
          );
        },
      };
    },
    encodeTaskMessage,
    unwrapTransport,
    startPollLoop,
    // The emulator may answer an empty pull at once: createPoller pulls at most once per wait.
    idleBackoff: ({ waitSeconds }) => ({ initialMs: waitSeconds * 1000, maxMs: waitSeconds * 1000 }),
    // The subscription's dead-letter policy moves it to the dead-letter topic; 5 is Pub/Sub's least.
    deadLetter: { maxDeliveries: 5 },
  });
});
