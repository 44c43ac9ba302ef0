/** Where the local AWS stack listens and what it created. */
export interface LocalAwsStackInfo {
  region: string;
  sqsEndpoint: string;
  dynamodbEndpoint: string;
  lambdaEndpoint: string;
  queue: string;
  queueUrl: string;
  deadLetterQueueUrl: string | null;
  table: string;
}

/**
 * What a Python Celery client (and the TypeScript side) needs to talk to the local stack; the
 * `--json` line of `celery-cloud dev` is this object.
 */
export interface CeleryClientConfig {
  broker_url: string;
  queue: string;
  queue_url: string;
  dead_letter_queue_url: string | null;
  region: string;
  backend_url: string;
  transport_options: {
    region: string;
    predefined_queues: Record<string, { url: string; access_key_id: string; secret_access_key: string }>;
  };
  /** The environment of the handler (the Lambda app's variables, pointing at the local stack). */
  env: Record<string, string>;
}

/** The emulators accept any credentials; boto3 and the AWS SDK only need some to sign with. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/**
 * The Celery configuration for the local stack: kombu 5.2 takes the SQS endpoint from the broker
 * URL host, and Celery's DynamoDB backend treats the host `localhost` as "local endpoint on this
 * port" (docs/protocol.md §6.4), so the backend URL names `localhost` whatever address the emulator has.
 *
 * @example
 * ```ts
 * const config = celeryClientConfig(stack, handlerEnv);
 * console.log(config.broker_url); // sqs://test:test@127.0.0.1:4566
 * ```
 */
export function celeryClientConfig(
  stack: LocalAwsStackInfo,
  env: Record<string, string>,
): CeleryClientConfig {
  const sqs = new URL(stack.sqsEndpoint);
  const dynamo = new URL(stack.dynamodbEndpoint);
  const { accessKeyId, secretAccessKey } = LOCAL_CREDENTIALS;
  return {
    broker_url: `sqs://${accessKeyId}:${secretAccessKey}@${sqs.host}`,
    queue: stack.queue,
    queue_url: stack.queueUrl,
    dead_letter_queue_url: stack.deadLetterQueueUrl,
    region: stack.region,
    backend_url: `dynamodb://${accessKeyId}:${secretAccessKey}@localhost:${dynamo.port}/${stack.table}?read=5&write=5`,
    transport_options: {
      region: stack.region,
      predefined_queues: {
        [stack.queue]: {
          url: stack.queueUrl,
          access_key_id: accessKeyId,
          secret_access_key: secretAccessKey,
        },
      },
    },
    env,
  };
}
