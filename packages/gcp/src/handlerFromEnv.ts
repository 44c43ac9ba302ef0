import { type HandlerOptions, createRunner } from '@celery-cloud/core';
import { type MessagePublishedEvent, createTrigger } from './createTrigger.js';
import { gcpRunnerOptions, seconds } from './runnerFromEnv.js';

type Env = Record<string, string | undefined>;

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
  const timeoutSeconds = seconds(env, 'CELERY_CLOUD_FUNCTION_TIMEOUT_SECONDS');
  const options = gcpRunnerOptions(env, extra);
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
