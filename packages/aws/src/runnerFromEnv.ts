import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  type HandlerOptions,
  type Publisher,
  type Runner,
  createRunner,
  dateDoneFormatFromEnv,
  parseJsonObject,
  providerRunnerOptions,
  remoteCallPolicyFromEnv,
  resultExpiresFromEnv,
} from '@celery-cloud/core';
import { createInvoker } from './createInvoker.js';
import { createPublisher } from './createPublisher.js';
import { createResultStore } from './createResultStore.js';
import { parseDynamoDbUrl } from './parseDynamoDbUrl.js';
import { resultBackendUrlFromEnv } from './resultBackendUrlFromEnv.js';
import { SDK_CLIENT_DEFAULTS } from './sdkClientDefaults.js';

type Env = Record<string, string | undefined>;

/**
 * SDK client settings from an explicit environment (the SDK alone would read `process.env`):
 * `AWS_ENDPOINT_URL_<SERVICE>`/`AWS_ENDPOINT_URL`, the region (`ownRegion` first, then
 * `AWS_REGION`) and static credentials when given, with {@link SDK_CLIENT_DEFAULTS}.
 *
 * @example
 * ```ts
 * const sqs = new SQSClient(clientConfig(process.env, 'SQS'));
 * ```
 */
export function clientConfig(
  env: Env,
  service: 'SQS' | 'DYNAMODB' | 'LAMBDA',
  ownRegion: string | null = null,
) {
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  const region = ownRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        }
      : undefined;
  return {
    ...SDK_CLIENT_DEFAULTS,
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
 * The SQS publisher of `CELERY_CLOUD_QUEUE_URL` (every Celery queue) and `CELERY_CLOUD_QUEUE_URLS`
 * (a JSON object of Celery queue name to queue URL), or undefined when neither is set.
 *
 * @example
 * ```ts
 * const publisher = publisherFromEnv({ CELERY_CLOUD_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/celery' });
 * ```
 */
export function publisherFromEnv(env: Env): Publisher | undefined {
  const urls = queueUrls(env);
  const queueUrl = env.CELERY_CLOUD_QUEUE_URL;
  return queueUrl || urls
    ? createPublisher({
        client: new SQSClient(clientConfig(env, 'SQS')),
        ...(queueUrl ? { queueUrl } : {}),
        ...(urls ? { queueUrls: urls } : {}),
      })
    : undefined;
}

/**
 * The runner wired from environment variables, as `apps/aws-lambda` deploys it and
 * `celery-cloud dev|worker` run it: DynamoDB results from `CELERY_RESULT_BACKEND` (or the Python
 * celery-cloud's `CELERY_BACKEND_TABLE` + `CELERY_BACKEND_REGION`), the SQS publisher for
 * retries and deferred eta from `CELERY_CLOUD_QUEUE_URL`/`CELERY_CLOUD_QUEUE_URLS`, `lambda://`
 * routes, and the runner settings of `runnerOptionsFromEnv`. Throws {@link ConfigError} at cold
 * start when configuration is missing or invalid.
 *
 * @example
 * ```ts
 * const runner = runnerFromEnv(process.env, { tasks });
 * const outcomes = await runner.runBatch(messages);
 * ```
 */
export function runnerFromEnv(env: Env = process.env, extra: HandlerOptions = {}): Runner {
  const url = resultBackendUrlFromEnv(env);
  const dynamoEndpoint = env.CELERY_CLOUD_DYNAMODB_ENDPOINT;
  const parsed = parseDynamoDbUrl(url);
  // The URL's ?ttl_seconds= wins; else Celery's result_expires (one day unless set).
  const expires = parsed.ttlSeconds === null ? resultExpiresFromEnv(env) : parsed.ttlSeconds;
  const backend = createResultStore({
    url,
    client: new DynamoDBClient({
      // The region the URL names (`dynamodb://@eu-west-1/table`) wins over AWS_REGION.
      ...clientConfig(env, 'DYNAMODB', parsed.region),
      ...(dynamoEndpoint ? { endpoint: dynamoEndpoint } : {}),
    }),
    dateFormat: dateDoneFormatFromEnv(env),
    ...(expires === null ? {} : { ttlSeconds: expires }),
  });
  const publisher = publisherFromEnv(env);
  // The invoker retries with back-off itself: one SDK attempt per invoker attempt. It makes its
  // clients (a full ARN's region replacing the default) on the first lambda:// call.
  const invoker = createInvoker({
    clientConfig: { ...clientConfig(env, 'LAMBDA'), maxAttempts: 1 },
    policy: remoteCallPolicyFromEnv(env),
  });
  return createRunner(providerRunnerOptions(env, { backend, publisher, invoker }, extra));
}
