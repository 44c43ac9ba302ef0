/** Google Cloud: `dev --provider gcp` (Firestore and Pub/Sub emulators) and `worker --provider gcp` (Pub/Sub). */
import { ConfigError } from '@celery-cloud/core';
import {
  createPoller,
  createPublisher,
  createResultStore,
  handlerFromEnv,
  pubSubFromEnv,
  publisherFromEnv,
  runnerFromEnv,
} from '@celery-cloud/gcp';
import { chordModeEnv } from '../flags/dev.js';
import type { DevProvider, ProviderPoller, ProviderPollerInput } from './provider.js';

/**
 * Start the Firestore and Pub/Sub emulators, create the topic and the queue's filtered
 * subscription, and run the Cloud Function's handler behind a stand-in push subscription. Without
 * Java and the emulators it throws a {@link ConfigError} (exit 2).
 */
export const dev: DevProvider<'gcp'> = {
  async start(options, tasks) {
    const local = await import('@celery-cloud/local/gcp');
    if (!local.hasGcpEmulators()) {
      throw new ConfigError(
        'Java and the gcloud Firestore and Pub/Sub emulators are needed (gcloud components)',
      );
    }
    const stack = await local.startLocalGcp({
      queue: options.queue,
      ...(options.port === null ? {} : { port: options.port }),
    });
    const env: Record<string, string> = {
      ...stack.env,
      ...(tasks.routes === null ? {} : { TASKS: tasks.routes }),
      ...chordModeEnv(options),
    };
    // kombu 5.5+'s gcpubsub transport and the Firestore backend class of docs/gcp.md. The Google
    // clients find the emulators through the environment, so `client_env` is the equivalent of
    // transport options: export it before starting the client.
    const config = {
      broker_url: `gcpubsub://projects/${stack.projectId}`,
      backend_url: `celery_cloud_firestore:FirestoreBackend+firestore://${stack.projectId}/celery`,
      transport_options: {},
      client_env: {
        GOOGLE_CLOUD_PROJECT: stack.projectId,
        PUBSUB_EMULATOR_HOST: env.PUBSUB_EMULATOR_HOST,
        FIRESTORE_EMULATOR_HOST: env.FIRESTORE_EMULATOR_HOST,
      },
      queue: stack.queue,
      topic: stack.topic,
      project: stack.projectId,
      env,
    };
    return {
      queue: stack.queue,
      inFlight: 'invocations',
      consume: (progress, input) => {
        const handler = handlerFromEnv(env, input);
        return local.startPubSubPush({
          subscription: stack.subscription,
          concurrency: options.batchSize,
          handler: (event) => {
            progress.received(1);
            return handler(event);
          },
          onError: (error) => progress.note(`error: ${(error as Error).message}`),
        });
      },
      clientConfig: config,
      describe: () =>
        [
          `Pub/Sub emulator at ${env.PUBSUB_EMULATOR_HOST}: topic ${stack.topic}, subscription kombu-${stack.queue}`,
          `Firestore emulator at ${env.FIRESTORE_EMULATOR_HOST}: results in collection celery`,
          'Send with kombu 5.5+ (gcpubsub://projects/<project>) or the TypeScript client (docs/client.md).',
          '',
          `ready: listening on queue ${stack.queue} (Ctrl-C to stop)`,
          '',
        ].join('\n'),
      demo: () => ({
        publisher: createPublisher({ pubsub: stack.pubsub, topic: stack.topic }),
        backend: createResultStore({ firestore: stack.firestore }),
        names: { queue: 'Pub/Sub', store: 'Firestore' },
      }),
      stop: () => stack.stop(),
    };
  },
};

/**
 * The Pub/Sub side of `celery-cloud worker --provider gcp`: the Cloud Function's runner behind the
 * production pull-subscription poller. The subscription is `--subscription`, by default
 * `kombu-<queue>` (it must be a pull subscription); project and emulator come from
 * `GOOGLE_CLOUD_PROJECT` and `PUBSUB_EMULATOR_HOST`, as for the function.
 *
 * @example
 * ```ts
 * const { loop } = await worker({ options, env, handler: { tasks, logger }, onSettled: () => {} });
 * await loop.stop();
 * ```
 */
export async function worker(input: ProviderPollerInput): Promise<ProviderPoller> {
  const { options } = input;
  const env: Record<string, string | undefined> = {
    ...input.env,
    ...(options.backend === null ? {} : { CELERY_RESULT_BACKEND: options.backend }),
  };
  const runner = runnerFromEnv(env, input.handler);
  const pubsub = pubSubFromEnv(env);
  const subscription = options.subscription ?? `kombu-${options.queue}`;
  const loop = await createPoller({
    pubsub,
    subscription,
    queues: [options.queue],
    runner,
    concurrency: options.concurrency,
    prefetch: options.prefetch,
    timeLimitSeconds: options.timeLimitSeconds,
    ackDeadlineSeconds: options.visibilityTimeoutSeconds,
    waitTimeSeconds: options.waitTimeSeconds,
    logger: input.handler.logger,
    onSettled: input.onSettled,
  });
  const publisher = publisherFromEnv(env, pubsub);
  return {
    loop,
    polling: `Pub/Sub subscription ${subscription}`,
    publisher,
    close: () => void pubsub.close(),
  };
}
