import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  type HandlerOptions,
  createRunner,
  dateDoneFormatFromEnv,
  handlerRunnerOptions,
  parseJsonObject,
  remoteCallPolicyFromEnv,
  runnerOptionsFromEnv,
  withInvoker,
} from '@celery-cloud/core';
import { createInvoker } from './createInvoker.js';
import { createPublisher } from './createPublisher.js';
import { createResultStore } from './createResultStore.js';
import { createTrigger } from './createTrigger.js';
import { resultBackendUrlFromEnv } from './resultBackendUrlFromEnv.js';
import type { SqsHandler } from './types.js';

type Env = Record<string, string | undefined>;

/** The provider's invoker, unless the deployment brings its own plugin for that scheme. */
/** SDK client settings from an explicit environment (the SDK alone would read `process.env`). */
function clientConfig(env: Env, service: 'SQS' | 'DYNAMODB' | 'LAMBDA') {
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        }
      : undefined;
  return {
    ...(endpoint ? { endpoint } : {}),
    ...(region ? { region } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

function queueUrls(env: Env): Record<string, string> | undefined {
  const raw = env.CELERY_CLOUD_QUEUE_URLS;
  return raw
    ? (parseJsonObject(raw, 'CELERY_CLOUD_QUEUE_URLS', 'queue names to URLs') as Record<string, string>)
    : undefined;
}

/**
 * The SQS-triggered handler wired from environment variables, as `apps/aws-lambda` deploys it and
 * `celery-cloud dev` runs it: DynamoDB results from `CELERY_RESULT_BACKEND`, the SQS publisher for
 * retries and deferred eta from `CELERY_CLOUD_QUEUE_URL`/`CELERY_CLOUD_QUEUE_URLS`, `lambda://`
 * routes, and the runner settings of `runnerOptionsFromEnv`. Throws {@link ConfigError} at cold
 * start when configuration is missing or invalid.
 *
 * @example
 * ```ts
 * import { tasks } from './tasks.js';
 * export const handler = handlerFromEnv(process.env, { tasks });
 * ```
 */
export function handlerFromEnv(env: Env = process.env, extra: HandlerOptions = {}): SqsHandler {
  const url = resultBackendUrlFromEnv(env);
  const dynamoEndpoint = env.CELERY_CLOUD_DYNAMODB_ENDPOINT;
  const backend = createResultStore({
    url,
    client: new DynamoDBClient({
      ...clientConfig(env, 'DYNAMODB'),
      ...(dynamoEndpoint ? { endpoint: dynamoEndpoint } : {}),
    }),
    dateFormat: dateDoneFormatFromEnv(env),
  });
  const urls = queueUrls(env);
  const queueUrl = env.CELERY_CLOUD_QUEUE_URL;
  const publisher =
    queueUrl || urls
      ? createPublisher({
          client: new SQSClient(clientConfig(env, 'SQS')),
          ...(queueUrl ? { queueUrl } : {}),
          ...(urls ? { queueUrls: urls } : {}),
        })
      : undefined;
  // The invoker retries with back-off itself: one SDK attempt per invoker attempt.
  const lambda = (region?: string) =>
    new LambdaClient({ ...clientConfig(env, 'LAMBDA'), ...(region ? { region } : {}), maxAttempts: 1 });
  const policy = remoteCallPolicyFromEnv(env);
  const plugins = withInvoker(
    createInvoker({ client: lambda(), clientForRegion: lambda, policy }),
    extra.plugins,
  );
  const runner = createRunner(
    runnerOptionsFromEnv(env, {
      backend,
      plugins,
      ...(publisher ? { publisher } : {}),
      ...handlerRunnerOptions(extra),
    }),
  );
  return createTrigger({ runner });
}
