import { createPoller, runnerFromEnv } from '@celery-cloud/azure';
import { ConfigError } from '@celery-cloud/core';
import type { ProviderPoller, ProviderPollerInput } from './providerPoller.js';

/**
 * The Storage Queue side of `celery-cloud worker --provider azure`: the Function App's runner
 * behind the production queue poller. The queue's account is `CELERY_CLOUD_QUEUE_CONNECTION` or
 * `AzureWebJobsStorage`, as for the Function App.
 *
 * @example
 * ```ts
 * const { loop } = startAzureWorker({ options, env, tasks, logger, onSettled: () => {} });
 * await loop.stop();
 * ```
 */
export function startAzureWorker(input: ProviderPollerInput): ProviderPoller {
  const { options } = input;
  const env: Record<string, string | undefined> = {
    ...input.env,
    ...(options.backend === null ? {} : { CELERY_RESULT_BACKEND: options.backend }),
    // On the last delivery before the poison queue the runner stores why the task failed.
    CELERY_CLOUD_MAX_RECEIVE_COUNT:
      input.env.CELERY_CLOUD_MAX_RECEIVE_COUNT ?? String(options.maxDequeueCount),
  };
  const connectionString = env.CELERY_CLOUD_QUEUE_CONNECTION || env.AzureWebJobsStorage;
  if (!connectionString) {
    throw new ConfigError(
      'AzureWebJobsStorage (or CELERY_CLOUD_QUEUE_CONNECTION) must name the queue storage account',
    );
  }
  const runner = runnerFromEnv(env, {
    tasks: input.tasks,
    logger: input.logger,
    ...(input.onTaskEvent ? { onTaskEvent: input.onTaskEvent } : {}),
  });
  const loop = createPoller({
    connectionString,
    queueName: options.queue,
    runner,
    concurrency: options.concurrency,
    timeLimitSeconds: options.timeLimitSeconds,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
    maxDequeueCount: options.maxDequeueCount,
    maxPollingIntervalMs: options.waitTimeSeconds * 1000,
    logger: input.logger,
    onSettled: input.onSettled,
  });
  return { loop, polling: `Azure queue ${options.queue}`, close: () => {} };
}
