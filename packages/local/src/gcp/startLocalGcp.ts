/**
 * The Google Cloud side of celery-cloud on this machine: the Firestore and Pub/Sub emulators, the
 * Celery topic and a filtered subscription for a queue.
 */
import { Firestore } from '@google-cloud/firestore';
import { PubSub, type Subscription } from '@google-cloud/pubsub';
import { boundedWait } from '../boundedWait.js';
import { type GcpEmulator, startFirestoreEmulator, startPubSubEmulator } from './startGcpEmulators.js';

/** How long a stop waits for the clients to close before stopping the emulators anyway. */
const CLOSE_WAIT_MS = 5000;

/** A running local Google Cloud stack. */
export interface LocalGcp {
  projectId: string;
  firestore: Firestore;
  pubsub: PubSub;
  /** The topic: kombu names it after the exchange (`celery`). */
  topic: string;
  queue: string;
  /** The queue's subscription, filtered on `attributes.routing_key`. */
  subscription: Subscription;
  /** The environment `handlerFromEnv` reads, pointing at the emulators. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Start both emulators, create the topic and a subscription for `queue` with kombu's filter
 * (`attributes.routing_key = "<queue>"`), and return clients bound to them.
 *
 * @example
 * ```ts
 * const gcp = await startLocalGcp();
 * const push = startPubSubPush({ subscription: gcp.subscription, handler: handlerFromEnv(gcp.env, { tasks }) });
 * ```
 */
export async function startLocalGcp(
  options: { queue?: string; topic?: string; port?: number } = {},
): Promise<LocalGcp> {
  // Google's auth library probes for a metadata server (and warns when there is none) from
  // process.env alone; a local stack never runs on Google Cloud.
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const emulators: GcpEmulator[] = [];
  const stopEmulators = () => Promise.all(emulators.map((e) => e.stop()));
  try {
    const [firestoreEmulator, pubsubEmulator] = await Promise.all([
      // --port n: Firestore on n (and n+1, n+2), Pub/Sub on n+3.
      startFirestoreEmulator(options.port === undefined ? {} : { port: options.port }),
      startPubSubEmulator(options.port === undefined ? {} : { port: options.port + 3 }),
    ]);
    emulators.push(firestoreEmulator, pubsubEmulator);
    const projectId = 'celery-cloud-local';
    const queue = options.queue ?? 'celery';
    const topicName = options.topic ?? 'celery';
    const pubsub = new PubSub({ projectId, apiEndpoint: pubsubEmulator.host, emulatorMode: true });
    const firestore = new Firestore({
      projectId,
      host: firestoreEmulator.host,
      ssl: false,
      customHeaders: { Authorization: 'Bearer owner' },
    });
    const [topic] = await pubsub.createTopic(topicName);
    const [subscription] = await topic.createSubscription(`kombu-${queue}`, {
      filter: `attributes.routing_key = "${queue}"`,
      ackDeadlineSeconds: 60,
    });
    return {
      projectId,
      firestore,
      pubsub,
      topic: topicName,
      queue,
      subscription,
      env: {
        GOOGLE_CLOUD_PROJECT: projectId,
        FIRESTORE_EMULATOR_HOST: firestoreEmulator.host,
        PUBSUB_EMULATOR_HOST: pubsubEmulator.host,
        CELERY_CLOUD_PUBSUB_TOPIC: topicName,
        CELERY_CLOUD_QUEUES: queue,
        CELERY_CLOUD_GCF_ID_TOKEN: 'none',
        METADATA_SERVER_DETECTION: 'none',
      },
      async stop() {
        await boundedWait(Promise.allSettled([pubsub.close(), firestore.terminate()]), CLOSE_WAIT_MS);
        await stopEmulators();
      },
    };
  } catch (error) {
    await stopEmulators();
    throw error;
  }
}
