/** Azure: `dev --provider azure` (Azurite) and `worker --provider azure` (Storage Queue). */
import {
  createPoller,
  createPublisher,
  createResultStore,
  handlerFromEnv,
  runnerFromEnv,
} from '@celery-cloud/azure';
import { ConfigError } from '@celery-cloud/core';
import { chordModeEnv } from '../flags/dev.js';
import type { DevProvider, ProviderPoller, ProviderPollerInput } from './provider.js';

/** Azure Functions' default `maxDequeueCount`: deliveries before the poison queue. */
const AZURE_MAX_DEQUEUE_COUNT = 5;

/**
 * Start Azurite, create the queue, its poison queue and the results container, and run the
 * Function App's handler behind a stand-in for the host's queue trigger.
 */
export const dev: DevProvider<'azure'> = {
  async start(options, tasks) {
    const local = await import('@celery-cloud/local/azure');
    const azure = await local.startLocalAzure({
      queue: options.queue,
      container: options.container,
      ...(options.port === null ? {} : { port: options.port }),
    });
    const env = {
      ...azure.env,
      ...(tasks.routes === null ? {} : { TASKS: tasks.routes }),
      ...chordModeEnv(options),
      // The queue host's maxDequeueCount: the runner stores DeadLetteredError on the last delivery.
      CELERY_CLOUD_MAX_RECEIVE_COUNT: String(AZURE_MAX_DEQUEUE_COUNT),
    };
    const { connectionString } = azure;
    const queueEndpoint = /QueueEndpoint=([^;]+)/.exec(connectionString)?.[1] ?? '';
    // What a Python Celery client (kombu 5.3+) sets to use the local stack.
    const config = {
      broker_url: `azurestoragequeues://${local.DEVSTORE_ACCOUNT_KEY}@${queueEndpoint}`,
      backend_url: azure.python.backend_url,
      // kombu's azurestoragequeues transport needs no options for Azurite: the URL carries the endpoint.
      transport_options: {},
      queue: azure.queue,
      azureblockblob_container_name: azure.container,
      env,
    };
    return {
      queue: azure.queue,
      inFlight: 'invocations',
      consume: (progress, input) => {
        const handler = handlerFromEnv(env, input);
        return local.startQueueHost({
          connectionString,
          queue: azure.queue,
          batchSize: options.batchSize,
          maxDequeueCount: AZURE_MAX_DEQUEUE_COUNT,
          handler: (entry, context) => {
            progress.received(1);
            return handler(entry, context);
          },
          onError: (error) => progress.note(`error: ${(error as Error).message}`),
        });
      },
      clientConfig: config,
      describe: () =>
        [
          'Python Celery client configuration (kombu 5.3+):',
          '',
          '    from celery import Celery',
          '',
          `    app = Celery('client', broker=${JSON.stringify(config.broker_url)}, backend=${JSON.stringify(config.backend_url)})`,
          `    app.conf.task_default_queue = ${JSON.stringify(config.queue)}`,
          '',
          `ready: Azurite at ${/BlobEndpoint=http:\/\/([^/;]+)/.exec(connectionString)?.[1]}, listening on queue ${azure.queue} (Ctrl-C to stop)`,
          '',
        ].join('\n'),
      demo: () => ({
        publisher: createPublisher({ connectionString }),
        backend: createResultStore({ connectionString, container: azure.container }),
        names: { queue: 'the Storage Queue', store: 'Blob Storage' },
      }),
      stop: () => azure.stop(),
    };
  },
};

/**
 * The Storage Queue side of `celery-cloud worker --provider azure`: the Function App's runner
 * behind the production queue poller. The queue's account is `CELERY_CLOUD_QUEUE_CONNECTION` or
 * `AzureWebJobsStorage`, as for the Function App.
 *
 * @example
 * ```ts
 * const { loop } = worker({ options, env, handler: { tasks, logger }, onSettled: () => {} });
 * await loop.stop();
 * ```
 */
export function worker(input: ProviderPollerInput): ProviderPoller {
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
  const runner = runnerFromEnv(env, input.handler);
  const loop = createPoller({
    connectionString,
    queueName: options.queue,
    runner,
    concurrency: options.concurrency,
    prefetch: options.prefetch,
    timeLimitSeconds: options.timeLimitSeconds,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
    maxDequeueCount: options.maxDequeueCount,
    maxPollingIntervalMs: options.waitTimeSeconds * 1000,
    logger: input.handler.logger,
    onSettled: input.onSettled,
  });
  const publisher = createPublisher({ connectionString });
  return { loop, polling: `Azure queue ${options.queue}`, publisher, close: () => {} };
}
