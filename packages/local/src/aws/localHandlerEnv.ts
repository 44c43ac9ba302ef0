import { LOCAL_CREDENTIALS, type LocalAwsStackInfo } from './celeryClientConfig.js';

/**
 * The environment the Lambda app's handler would get if it were deployed against the local
 * stack: endpoints, credentials, region, results table, queue and routes.
 *
 * @example
 * ```ts
 * const env = localHandlerEnv(stack, '{"remote.greet": "lambda://greet"}');
 * ```
 */
export function localHandlerEnv(stack: LocalAwsStackInfo, routes: string | null): Record<string, string> {
  return {
    AWS_REGION: stack.region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_SQS: stack.sqsEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodbEndpoint,
    AWS_ENDPOINT_URL_LAMBDA: stack.lambdaEndpoint,
    // Celery's own backend URL form; an IP address host means "this endpoint" (docs/protocol.md §6.4).
    CELERY_RESULT_BACKEND: `dynamodb://${LOCAL_CREDENTIALS.accessKeyId}:${LOCAL_CREDENTIALS.secretAccessKey}@${new URL(stack.dynamodbEndpoint).host}/${stack.table}`,
    CELERY_CLOUD_QUEUE_URL: stack.queueUrl,
    ...(routes === null ? {} : { TASKS: routes }),
  };
}
