/** AWS: `dev --provider aws` (SQS, DynamoDB and Lambda emulators) and `worker --provider aws` (SQS). */
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  SDK_CLIENT_DEFAULTS,
  createPoller,
  createPublisher,
  createResultStore,
  handlerFromEnv,
  runnerFromEnv,
} from '@celery-cloud/aws';
import { ConfigError } from '@celery-cloud/core';
import type { EventSourceMappingOptions } from '@celery-cloud/local/aws';
import { chordModeEnv } from '../flags/dev.js';
import { loadFunctions } from '../run/loadTasks.js';
import { formatClientConfig } from './awsConfigText.js';
import type { DevProvider, ProviderPoller, ProviderPollerInput } from './provider.js';

/**
 * Start SQS, DynamoDB and the Lambda Invoke API on 127.0.0.1 (unless given their endpoints),
 * create the queue, its dead-letter queue and the results table, and run the Lambda app's handler
 * behind a local SQS event source mapping.
 */
export const dev: DevProvider<'aws'> = {
  async start(options, tasks, cwd) {
    const local = await import('@celery-cloud/local/aws');
    const functions = options.functions === null ? {} : await loadFunctions(options.functions, cwd);
    const stack = await local.startLocalAws({ ...options, functions });
    const deadLetterQueueUrl = stack.deadLetterQueueUrl;
    const env = {
      ...local.localHandlerEnv(stack, tasks.routes),
      ...chordModeEnv(options),
      // As the SAM template does: the runner stores DeadLetteredError on the last delivery.
      ...(deadLetterQueueUrl === null
        ? {}
        : { CELERY_CLOUD_MAX_RECEIVE_COUNT: String(options.maxReceiveCount) }),
    };
    const config = local.celeryClientConfig(stack, env);
    return {
      queue: stack.queue,
      inFlight: 'batches',
      consume: (progress, input) => {
        const handler = handlerFromEnv(env, input);
        // Counted as handed over, so a summary printed mid-batch shows the batch in flight.
        const counted: EventSourceMappingOptions['handler'] = (event, context) => {
          progress.received(event.Records.length);
          return handler(event, context);
        };
        return local.startEventSourceMapping({
          sqs: stack.sqs,
          queueUrl: stack.queueUrl,
          handler: counted,
          batchSize: options.batchSize,
          maximumBatchingWindowMs: options.batchingWindowMs,
          visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
          ...(deadLetterQueueUrl === null
            ? {}
            : { deadLetter: { queueUrl: deadLetterQueueUrl, maxReceiveCount: options.maxReceiveCount } }),
          onBatch: (report) => progress.deadLettered(report.deadLettered),
          onError: (error) => progress.note(`error: ${(error as Error).message}`),
        });
      },
      clientConfig: config,
      describe: () => `${formatClientConfig(config)}\nready: polling ${stack.queueUrl} (Ctrl-C to stop)\n`,
      demo: () => ({
        publisher: createPublisher({ client: stack.sqs, queueUrl: stack.queueUrl }),
        backend: createResultStore({ client: stack.dynamo, table: stack.table }),
        names: { queue: 'SQS', store: 'DynamoDB' },
      }),
      stop: () => stack.stop(),
    };
  },
};

/**
 * The SQS side of `celery-cloud worker --provider aws`: the Lambda app's runner behind the
 * production SQS poller.
 *
 * @example
 * ```ts
 * const { loop } = worker({ options, env, handler: { tasks, logger }, onSettled: () => {} });
 * await loop.stop();
 * ```
 */
export function worker(input: ProviderPollerInput): ProviderPoller {
  const { options, env } = input;
  const queueUrl = options.queueUrl;
  if (!queueUrl) throw new ConfigError('--queue-url <url> (or env CELERY_CLOUD_QUEUE_URL) is required');
  const runner = runnerFromEnv(
    {
      ...env,
      CELERY_CLOUD_QUEUE_URL: queueUrl,
      ...(options.backend === null ? {} : { CELERY_RESULT_BACKEND: options.backend }),
    },
    input.handler,
  );
  const endpoint = env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL;
  const sqs = new SQSClient({
    ...SDK_CLIENT_DEFAULTS,
    region: options.region,
    ...(endpoint ? { endpoint } : {}),
  });
  const loop = createPoller({
    sqs,
    queueUrl,
    runner,
    concurrency: options.concurrency,
    prefetch: options.prefetch,
    timeLimitSeconds: options.timeLimitSeconds,
    waitTimeSeconds: options.waitTimeSeconds,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
    logger: input.handler.logger,
    onSettled: input.onSettled,
  });
  const publisher = createPublisher({ client: sqs, queueUrl });
  return { loop, polling: queueUrl, publisher, close: () => sqs.destroy() };
}
