import {
  ConfigError,
  type HandlerOptions,
  type Publisher,
  type Runner,
  type RunnerOptions,
  createRunner,
  dateDoneFormatFromEnv,
  providerRunnerOptions,
  resultExpiresFromEnv,
} from '@celery-cloud/core';
import type { PubSub } from '@google-cloud/pubsub';
import { createInvoker } from './createInvoker.js';
import { createPublisher } from './createPublisher.js';
import { createResultStore } from './createResultStore.js';
import { pubSubConfigFromEnv } from './gcpClientConfig.js';
import { type FirestoreUrl, parseFirestoreUrl } from './parseFirestoreUrl.js';

type Env = Record<string, string | undefined>;

/** A count of seconds from the environment, or null when unset. */
export function seconds(env: Env, name: string): number | null {
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

/** Firestore documents always carry `expires_at`; results that never expire get it a century on. */
function expiresAtSeconds(resultExpires: number | null): number {
  return resultExpires ?? 100 * 365 * 86_400;
}

/**
 * The Pub/Sub publisher on topic `CELERY_CLOUD_PUBSUB_TOPIC` (kombu's exchange, default `celery`).
 * Without `pubsub`, its client (for `GOOGLE_CLOUD_PROJECT` and `PUBSUB_EMULATOR_HOST`) and the
 * Pub/Sub SDK are loaded on the first publish.
 *
 * @example
 * ```ts
 * const publisher = publisherFromEnv(process.env);
 * ```
 */
export function publisherFromEnv(env: Env, pubsub?: PubSub): Publisher {
  return createPublisher({
    ...(pubsub ? { pubsub } : { clientConfig: pubSubConfigFromEnv(env) }),
    topic: env.CELERY_CLOUD_PUBSUB_TOPIC || 'celery',
  });
}

/**
 * The runner's options wired from environment variables (see {@link runnerFromEnv}).
 *
 * @example
 * ```ts
 * const options = gcpRunnerOptions(process.env, { tasks });
 * ```
 */
export function gcpRunnerOptions(env: Env, extra: HandlerOptions = {}): RunnerOptions {
  const results = resultsFromEnv(env);
  const storeTimeout = seconds(env, 'CELERY_CLOUD_STORE_TIMEOUT');
  // The REST client (emulator, Google Cloud) gives up when the runner's store deadline passes.
  const backend = createResultStore({
    env,
    ...(results.project ? { projectId: results.project } : {}),
    ...(storeTimeout === null ? {} : { timeoutMs: storeTimeout * 1000 }),
    collection: results.collection,
    dateFormat: dateDoneFormatFromEnv(env),
    ttlSeconds: results.ttlSeconds ?? expiresAtSeconds(resultExpiresFromEnv(env)),
  });
  // The Pub/Sub client (and its SDK) is loaded on the first publish: most messages never publish.
  const publisher = publisherFromEnv(env);
  const identity = env.CELERY_CLOUD_GCF_ID_TOKEN === 'none' ? { idToken: null } : {};
  return providerRunnerOptions(env, { backend, publisher, invoker: createInvoker(identity) }, extra);
}

/**
 * The runner wired from environment variables, as `apps/gcp-functions` deploys it and
 * `celery-cloud dev|worker --provider gcp` run it: Firestore results (`CELERY_RESULT_BACKEND`
 * `firestore://<project>/<collection>`, or `CELERY_CLOUD_FIRESTORE_COLLECTION`), the Pub/Sub
 * publisher on topic `CELERY_CLOUD_PUBSUB_TOPIC` for retries and canvas, `gcf://` routes with ID
 * tokens from the metadata server, and the runner settings of `runnerOptionsFromEnv`. The clients
 * follow `GOOGLE_CLOUD_PROJECT`, `FIRESTORE_EMULATOR_HOST` and `PUBSUB_EMULATOR_HOST`; Firestore is
 * reached over REST on Google Cloud runtimes and the emulator (docs/gcp.md).
 *
 * @example
 * ```ts
 * const runner = runnerFromEnv(process.env, { tasks });
 * ```
 */
export function runnerFromEnv(env: Env = process.env, extra: HandlerOptions = {}): Runner {
  return createRunner(gcpRunnerOptions(env, extra));
}
