import {
  ConfigError,
  type HandlerOptions,
  createRunner,
  dateDoneFormatFromEnv,
  handlerRunnerOptions,
  runnerOptionsFromEnv,
  withInvoker,
} from '@celery-cloud/core';
import { Firestore } from '@google-cloud/firestore';
import { PubSub } from '@google-cloud/pubsub';
import { createInvoker } from './createInvoker.js';
import { createPublisher } from './createPublisher.js';
import { createResultStore } from './createResultStore.js';
import { type MessagePublishedEvent, createTrigger } from './createTrigger.js';
import { type FirestoreUrl, parseFirestoreUrl } from './parseFirestoreUrl.js';

type Env = Record<string, string | undefined>;

/** The provider's invoker, unless the deployment brings its own plugin for that scheme. */
/** A count of seconds from the environment, or null when unset. */
function seconds(env: Env, name: string): number | null {
  const value = env[name];
  if (!value) return null;
  if (!/^[1-9]\d*$/.test(value)) {
    throw new ConfigError(`${name} must be an integer ≥ 1, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** Where results go: `CELERY_RESULT_BACKEND`, else the collection and TTL variables. */
function resultsFromEnv(env: Env): FirestoreUrl {
  if (env.CELERY_RESULT_BACKEND) return parseFirestoreUrl(env.CELERY_RESULT_BACKEND);
  return {
    project: null,
    collection: env.CELERY_CLOUD_FIRESTORE_COLLECTION || 'celery',
    ttlSeconds: seconds(env, 'CELERY_CLOUD_RESULT_TTL_SECONDS'),
  };
}

/** A client's project option: the given one, else the environment's, else the SDK's own lookup. */
function projectOption(projectId: string | null | undefined): { projectId?: string } {
  return projectId ? { projectId } : {};
}

/**
 * The CloudEvent function wired from environment variables, as `apps/gcp-functions` deploys it and
 * `celery-cloud dev --provider gcp` runs it: Firestore results (`CELERY_RESULT_BACKEND`
 * `firestore://<project>/<collection>`, or `CELERY_CLOUD_FIRESTORE_COLLECTION`), the Pub/Sub
 * publisher on topic `CELERY_CLOUD_PUBSUB_TOPIC` for retries and canvas, the queues it serves from
 * `CELERY_CLOUD_QUEUES`, the function's timeout from `CELERY_CLOUD_FUNCTION_TIMEOUT_SECONDS`,
 * `gcf://` routes with ID tokens from the metadata server, and the runner settings of
 * `runnerOptionsFromEnv`. The SDKs follow `GOOGLE_CLOUD_PROJECT`,
 * `FIRESTORE_EMULATOR_HOST` and `PUBSUB_EMULATOR_HOST`. Throws {@link ConfigError} at cold start
 * when configuration is invalid.
 *
 * @example
 * ```ts
 * functions.cloudEvent('celery', handlerFromEnv(process.env, { tasks }));
 * ```
 */
export function handlerFromEnv(
  env: Env = process.env,
  extra: HandlerOptions = {},
): (event: MessagePublishedEvent) => Promise<void> {
  const results = resultsFromEnv(env);
  const timeoutSeconds = seconds(env, 'CELERY_CLOUD_FUNCTION_TIMEOUT_SECONDS');
  const firestoreHost = env.FIRESTORE_EMULATOR_HOST;
  const firestoreProject = projectOption(results.project ?? env.GOOGLE_CLOUD_PROJECT);
  const firestore = new Firestore(
    firestoreHost
      ? {
          ...firestoreProject,
          host: firestoreHost,
          ssl: false,
          customHeaders: { Authorization: 'Bearer owner' },
        }
      : firestoreProject,
  );
  const pubsubHost = env.PUBSUB_EMULATOR_HOST;
  const pubsubProject = projectOption(env.GOOGLE_CLOUD_PROJECT);
  const pubsub = new PubSub(
    pubsubHost ? { ...pubsubProject, apiEndpoint: pubsubHost, emulatorMode: true } : pubsubProject,
  );
  const backend = createResultStore({
    firestore,
    collection: results.collection,
    dateFormat: dateDoneFormatFromEnv(env),
    ...(results.ttlSeconds === null ? {} : { ttlSeconds: results.ttlSeconds }),
  });
  const publisher = createPublisher({ pubsub, topic: env.CELERY_CLOUD_PUBSUB_TOPIC || 'celery' });
  const identity = env.CELERY_CLOUD_GCF_ID_TOKEN === 'none' ? { idToken: null } : {};
  const options = runnerOptionsFromEnv(env, {
    backend,
    publisher,
    plugins: withInvoker(createInvoker(identity), extra.plugins),
    ...handlerRunnerOptions(extra),
  });
  const runner = createRunner(options);
  const queues = (env.CELERY_CLOUD_QUEUES || env.CELERY_TASK_DEFAULT_QUEUE || 'celery')
    .split(',')
    .map((q) => q.trim())
    .filter((q) => q !== '');
  return createTrigger({
    runner,
    queues,
    ...(timeoutSeconds === null ? {} : { timeoutSeconds }),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
