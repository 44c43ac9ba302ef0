import { createPoller, pubSubFromEnv, runnerFromEnv } from '@celery-cloud/gcp';
import type { ProviderPoller, ProviderPollerInput } from './providerPoller.js';

/**
 * The Pub/Sub side of `celery-cloud worker --provider gcp`: the Cloud Function's runner behind the
 * production pull-subscription poller. The subscription is `--subscription`, by default
 * `kombu-<queue>` (it must be a pull subscription); project and emulator come from
 * `GOOGLE_CLOUD_PROJECT` and `PUBSUB_EMULATOR_HOST`, as for the function.
 *
 * @example
 * ```ts
 * const { loop } = await startGcpWorker({ options, env, tasks, logger, onSettled: () => {} });
 * await loop.stop();
 * ```
 */
export async function startGcpWorker(input: ProviderPollerInput): Promise<ProviderPoller> {
  const { options } = input;
  const env: Record<string, string | undefined> = {
    ...input.env,
    ...(options.backend === null ? {} : { CELERY_RESULT_BACKEND: options.backend }),
  };
  const runner = runnerFromEnv(env, {
    tasks: input.tasks,
    logger: input.logger,
    ...(input.onTaskEvent ? { onTaskEvent: input.onTaskEvent } : {}),
  });
  const pubsub = pubSubFromEnv(env);
  const subscription = options.subscription ?? `kombu-${options.queue}`;
  const loop = await createPoller({
    pubsub,
    subscription,
    queues: [options.queue],
    runner,
    concurrency: options.concurrency,
    timeLimitSeconds: options.timeLimitSeconds,
    ackDeadlineSeconds: options.visibilityTimeoutSeconds,
    waitTimeSeconds: options.waitTimeSeconds,
    logger: input.logger,
    onSettled: input.onSettled,
  });
  return { loop, polling: `Pub/Sub subscription ${subscription}`, close: () => void pubsub.close() };
}
