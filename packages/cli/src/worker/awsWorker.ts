import { SQSClient } from '@aws-sdk/client-sqs';
import { createPoller, runnerFromEnv } from '@celery-cloud/aws';
import type { ProviderPoller, ProviderPollerInput } from './providerPoller.js';

/**
 * The SQS side of `celery-cloud worker --provider aws`: the Lambda app's runner behind the
 * production SQS poller.
 *
 * @example
 * ```ts
 * const { loop } = startAwsWorker({ options, env, tasks, logger, onSettled: () => {} });
 * await loop.stop();
 * ```
 */
export function startAwsWorker(input: ProviderPollerInput): ProviderPoller {
  const { options, env } = input;
  const queueUrl = options.queueUrl!;
  const runner = runnerFromEnv(
    {
      ...env,
      CELERY_CLOUD_QUEUE_URL: queueUrl,
      ...(options.backend === null ? {} : { CELERY_RESULT_BACKEND: options.backend }),
    },
    {
      tasks: input.tasks,
      logger: input.logger,
      ...(input.onTaskEvent ? { onTaskEvent: input.onTaskEvent } : {}),
    },
  );
  const endpoint = env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL;
  const sqs = new SQSClient({ region: options.region, ...(endpoint ? { endpoint } : {}) });
  const loop = createPoller({
    sqs,
    queueUrl,
    runner,
    concurrency: options.concurrency,
    timeLimitSeconds: options.timeLimitSeconds,
    waitTimeSeconds: options.waitTimeSeconds,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
    logger: input.logger,
    onSettled: input.onSettled,
  });
  return { loop, polling: queueUrl, close: () => sqs.destroy() };
}
