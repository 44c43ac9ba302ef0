import {
  type RunnerLogger,
  type TaskRegistry,
  createRunner,
  dateDoneFormatFromEnv,
  runnerOptionsFromEnv,
} from '@celery-cloud/core';
import { Firestore } from '@google-cloud/firestore';
import { PubSub } from '@google-cloud/pubsub';
import { createInvoker } from './createInvoker.js';
import { createPublisher } from './createPublisher.js';
import { createResultStore } from './createResultStore.js';
import { type MessagePublishedData, createTrigger } from './createTrigger.js';

type Env = Record<string, string | undefined>;

/** Firestore and Pub/Sub clients for this environment, on the emulators when it names them. */
function clients(env: Env): { firestore: Firestore; pubsub: PubSub } {
  const projectId = env.GOOGLE_CLOUD_PROJECT || undefined;
  const project = projectId ? { projectId } : {};
  const firestoreHost = env.FIRESTORE_EMULATOR_HOST;
  const pubsubHost = env.PUBSUB_EMULATOR_HOST;
  return {
    firestore: new Firestore(
      firestoreHost
        ? { ...project, host: firestoreHost, ssl: false, customHeaders: { Authorization: 'Bearer owner' } }
        : project,
    ),
    pubsub: new PubSub(pubsubHost ? { ...project, apiEndpoint: pubsubHost, emulatorMode: true } : project),
  };
}

/**
 * The CloudEvent function wired from environment variables, as `apps/gcp-functions` deploys it and
 * local runs use it: Firestore results (collection `CELERY_CLOUD_FIRESTORE_COLLECTION`), the
 * Pub/Sub publisher on topic `CELERY_CLOUD_PUBSUB_TOPIC` for retries and canvas, the queues it
 * serves from `CELERY_CLOUD_QUEUES`, `gcf://` routes with ID tokens from the metadata server, and
 * the runner settings of `runnerOptionsFromEnv`. The SDKs follow `GOOGLE_CLOUD_PROJECT`,
 * `FIRESTORE_EMULATOR_HOST` and `PUBSUB_EMULATOR_HOST`. Throws `ConfigError` at cold start when
 * configuration is invalid.
 *
 * @example
 * ```ts
 * functions.cloudEvent('celery', handlerFromEnv(process.env, { tasks }));
 * ```
 */
export function handlerFromEnv(
  env: Env = process.env,
  extra: { tasks?: TaskRegistry; logger?: RunnerLogger } = {},
): (event: { id?: string; data?: MessagePublishedData }) => Promise<void> {
  const { firestore, pubsub } = clients(env);
  const backend = createResultStore({
    firestore,
    collection: env.CELERY_CLOUD_FIRESTORE_COLLECTION || 'celery',
    dateFormat: dateDoneFormatFromEnv(env),
    ...(env.CELERY_CLOUD_RESULT_TTL_SECONDS
      ? { ttlSeconds: Number(env.CELERY_CLOUD_RESULT_TTL_SECONDS) }
      : {}),
  });
  const publisher = createPublisher({
    pubsub,
    topic: env.CELERY_CLOUD_PUBSUB_TOPIC || 'celery',
  });
  const identity = env.CELERY_CLOUD_GCF_ID_TOKEN === 'none' ? { idToken: null } : {};
  const options = runnerOptionsFromEnv(env, {
    backend,
    publisher,
    plugins: [createInvoker(identity)],
    ...(extra.tasks ? { tasks: extra.tasks } : {}),
    ...(extra.logger ? { logger: extra.logger } : {}),
  });
  const runner = createRunner(options);
  const queues = (env.CELERY_CLOUD_QUEUES || env.CELERY_TASK_DEFAULT_QUEUE || 'celery')
    .split(',')
    .map((q) => q.trim());
  return createTrigger({ runner, queues, ...(options.logger ? { logger: options.logger } : {}) });
}
