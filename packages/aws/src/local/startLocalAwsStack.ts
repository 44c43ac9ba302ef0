import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  createQueue,
  createResultsTable,
  startDynamoEmulator,
  startSqsEmulator,
} from '@celery-cloud/aws/local';

/** Credentials and region every client of the local stack uses (the emulators accept any). */
export const LOCAL_AWS = { region: 'us-east-1', accessKeyId: 'test', secretAccessKey: 'test' } as const;

/** A running local AWS stack: SQS and DynamoDB emulators, a queue with its DLQ, a results table. */
export interface LocalAwsStack {
  sqs: SQSClient;
  dynamo: DynamoDBClient;
  sqsEndpoint: string;
  dynamoEndpoint: string;
  sqsPort: number;
  dynamoPort: number;
  queueUrl: string;
  deadLetterQueueUrl: string;
  table: string;
  /** The handler's environment for this stack (see `handlerFromEnv`). */
  env: Record<string, string>;
  /** The Python Celery client's settings for this stack. */
  python: { broker_url: string; queue_url: string; backend_url: string };
  stop(): Promise<void>;
}

/**
 * Start SQS and DynamoDB emulators on 127.0.0.1, create queue `celery` (DLQ `celery-dlq` after
 * `maxReceiveCount` receives) and table `celery`.
 *
 * @example
 * ```ts
 * const stack = await startLocalAwsStack();
 * const handler = handlerFromEnv(stack.env, { tasks });
 * await stack.stop();
 * ```
 */
export async function startLocalAwsStack(
  options: { maxReceiveCount?: number; visibilityTimeoutSeconds?: number } = {},
): Promise<LocalAwsStack> {
  const [sqsServer, dynamoServer] = await Promise.all([startSqsEmulator(), startDynamoEmulator()]);
  const credentials = { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey };
  const sqs = new SQSClient({ region: LOCAL_AWS.region, endpoint: sqsServer.endpoint, credentials });
  const dynamo = new DynamoDBClient({
    region: LOCAL_AWS.region,
    endpoint: dynamoServer.endpoint,
    credentials,
  });
  const queue = await createQueue(sqs, 'celery', {
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 2,
    deadLetter: { queueName: 'celery-dlq', maxReceiveCount: options.maxReceiveCount ?? 3 },
  });
  await createResultsTable(dynamo, 'celery');
  const backendUrl = `dynamodb://@localhost:${dynamoServer.port}/celery?read=5&write=5`;
  return {
    sqs,
    dynamo,
    sqsEndpoint: sqsServer.endpoint,
    dynamoEndpoint: dynamoServer.endpoint,
    sqsPort: sqsServer.port,
    dynamoPort: dynamoServer.port,
    queueUrl: queue.queueUrl,
    deadLetterQueueUrl: queue.deadLetterQueueUrl!,
    table: 'celery',
    env: {
      AWS_REGION: LOCAL_AWS.region,
      AWS_ACCESS_KEY_ID: LOCAL_AWS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS.secretAccessKey,
      AWS_ENDPOINT_URL_SQS: sqsServer.endpoint,
      CELERY_RESULT_BACKEND: backendUrl,
      CELERY_CLOUD_DYNAMODB_ENDPOINT: dynamoServer.endpoint,
      CELERY_CLOUD_QUEUE_URL: queue.queueUrl,
      CELERY_CLOUD_LOG_LEVEL: 'error',
    },
    python: {
      broker_url: `sqs://test:test@127.0.0.1:${sqsServer.port}`,
      queue_url: queue.queueUrl,
      backend_url: backendUrl,
    },
    async stop() {
      sqs.destroy();
      dynamo.destroy();
      await Promise.all([sqsServer.stop(), dynamoServer.stop()]);
    },
  };
}
