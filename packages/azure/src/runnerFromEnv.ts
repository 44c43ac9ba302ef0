import {
  ConfigError,
  type HandlerOptions,
  type Publisher,
  type Runner,
  createRunner,
  dateDoneFormatFromEnv,
  parseJsonObject,
  providerRunnerOptions,
} from '@celery-cloud/core';
import { createInvoker } from './createInvoker.js';
import { createPublisher } from './createPublisher.js';
import { createResultStore } from './createResultStore.js';

type Env = Record<string, string | undefined>;

/**
 * The Storage Queue publisher on `CELERY_CLOUD_QUEUE_CONNECTION` (else `AzureWebJobsStorage`), or
 * undefined when neither is set.
 *
 * @example
 * ```ts
 * const publisher = publisherFromEnv(process.env);
 * ```
 */
export function publisherFromEnv(env: Env): Publisher | undefined {
  const connectionString = env.CELERY_CLOUD_QUEUE_CONNECTION || env.AzureWebJobsStorage;
  return connectionString ? createPublisher({ connectionString }) : undefined;
}

/**
 * The runner wired from app settings, as `apps/azure-functions` deploys it and
 * `celery-cloud dev|worker --provider azure` run it: Blob results from `CELERY_RESULT_BACKEND`
 * (`azureblockblob://<connection string>`), the queue publisher on `AzureWebJobsStorage` for
 * retries, deferred eta and canvas, `azurefunction://` routes with keys from
 * `CELERY_CLOUD_AZURE_FUNCTION_KEYS`, and the runner settings of `runnerOptionsFromEnv`. Throws
 * {@link ConfigError} at cold start when configuration is missing or invalid.
 *
 * @example
 * ```ts
 * const runner = runnerFromEnv(process.env, { tasks });
 * ```
 */
export function runnerFromEnv(env: Env = process.env, extra: HandlerOptions = {}): Runner {
  const url = env.CELERY_RESULT_BACKEND;
  if (!url) throw new ConfigError('CELERY_RESULT_BACKEND is not set (azureblockblob://<connection string>)');
  const backend = createResultStore({
    url,
    container: env.CELERY_CLOUD_AZURE_CONTAINER || 'celery',
    basePath: env.CELERY_CLOUD_AZURE_BASE_PATH ?? '',
    dateFormat: dateDoneFormatFromEnv(env),
  });
  const publisher = publisherFromEnv(env);
  const keys = env.CELERY_CLOUD_AZURE_FUNCTION_KEYS
    ? (parseJsonObject(
        env.CELERY_CLOUD_AZURE_FUNCTION_KEYS,
        'CELERY_CLOUD_AZURE_FUNCTION_KEYS',
        'apps or app/function to keys',
      ) as Record<string, string>)
    : {};
  const baseUrl = env.CELERY_CLOUD_AZURE_FUNCTIONS_BASE_URL;
  const invoker = createInvoker({ keys, ...(baseUrl ? { baseUrl: () => baseUrl } : {}) });
  return createRunner(providerRunnerOptions(env, { backend, publisher, invoker }, extra));
}
