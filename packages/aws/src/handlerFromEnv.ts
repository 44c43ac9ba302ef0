import { SQSClient } from '@aws-sdk/client-sqs';
import type { HandlerOptions } from '@celery-cloud/core';
import { createTrigger } from './createTrigger.js';
import { clientConfig, runnerFromEnv } from './runnerFromEnv.js';
import { sqsHoldUntilDue } from './sqsHoldUntilDue.js';
import type { SqsHandler } from './types.js';

/**
 * The SQS-triggered handler wired from environment variables, as `apps/aws-lambda` deploys it and
 * `celery-cloud dev` runs it: the runner of {@link runnerFromEnv} behind the SQS trigger, which
 * keeps a message whose eta is not reached invisible until due when it cannot be republished with
 * a delay (FIFO queues). Throws
 * `ConfigError` at cold start when configuration is missing or invalid.
 *
 * @example
 * ```ts
 * import { tasks } from './tasks.js';
 * export const handler = handlerFromEnv(process.env, { tasks });
 * ```
 */
export function handlerFromEnv(
  env: Record<string, string | undefined> = process.env,
  extra: HandlerOptions = {},
): SqsHandler {
  const endpoint = env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL;
  const hold = sqsHoldUntilDue(new SQSClient(clientConfig(env, 'SQS')), {
    ...(env.CELERY_CLOUD_QUEUE_URL ? { queueUrl: env.CELERY_CLOUD_QUEUE_URL } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
  return createTrigger({ runner: runnerFromEnv(env, extra), holdUntilDue: hold });
}
