import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ConfigError } from '@celery-cloud/core';
import { LOCAL_CREDENTIALS, type LocalAwsStackInfo } from './celeryClientConfig.js';
import { createQueue } from './createQueue.js';
import { createResultsTable } from './createResultsTable.js';
import { startDynamoEmulator } from './startDynamoEmulator.js';
import { type LambdaFunction, startLambdaInvokeServer } from './startLambdaInvokeServer.js';
import { type LocalService, startSqsEmulator } from './startSqsEmulator.js';

/** What to start and create. */
export interface LocalAwsOptions {
  region: string;
  queue: string;
  table: string;
  /** First port (SQS, then DynamoDB, then Lambda); null = free ports. */
  port: number | null;
  /** Endpoints to use instead of starting the matching server. */
  sqsEndpoint: string | null;
  dynamodbEndpoint: string | null;
  lambdaEndpoint: string | null;
  functions: Record<string, LambdaFunction>;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
}

const DEFAULTS: LocalAwsOptions = {
  region: 'us-east-1',
  queue: 'celery',
  table: 'celery',
  port: null,
  sqsEndpoint: null,
  dynamodbEndpoint: null,
  lambdaEndpoint: null,
  functions: {},
  visibilityTimeoutSeconds: 30,
  maxReceiveCount: 3,
};

/** The running stack: its addresses, SDK clients pointing at it, and `stop()`. */
export interface LocalAwsStack extends LocalAwsStackInfo {
  sqs: SQSClient;
  dynamo: DynamoDBClient;
  /** Stop the servers this call started (never the endpoints it was given). */
  stop(): Promise<void>;
}

/**
 * Start what is missing of SQS, DynamoDB and the Lambda Invoke API on 127.0.0.1, then create the
 * queue (with its dead-letter queue `<queue>-dlq`) and the results table. Unset options take
 * the defaults: region `us-east-1`, queue and table `celery`, free ports, visibility 30 s,
 * `maxReceiveCount` 3.
 *
 * @example
 * ```ts
 * const stack = await startLocalAws({ queue: 'celery', maxReceiveCount: 3 });
 * await stack.stop();
 * ```
 */
export async function startLocalAws(given: Partial<LocalAwsOptions> = {}): Promise<LocalAwsStack> {
  const options: LocalAwsOptions = { ...DEFAULTS, ...given };
  if (options.lambdaEndpoint !== null && Object.keys(options.functions).length > 0) {
    throw new ConfigError(
      '--functions are served by the local Lambda server; drop --lambda-endpoint to use them',
    );
  }
  const started: LocalService[] = [];
  const stopStarted = async () => {
    for (const server of started.reverse()) await server.stop();
  };
  const portAt = (offset: number) => (options.port === null ? undefined : options.port + offset);
  try {
    const sqsEndpoint = options.sqsEndpoint ?? (await track(started, startSqsEmulator({ port: portAt(0) })));
    const dynamodbEndpoint =
      options.dynamodbEndpoint ?? (await track(started, startDynamoEmulator({ port: portAt(1) })));
    const lambdaEndpoint =
      options.lambdaEndpoint ??
      (await track(started, startLambdaInvokeServer({ port: portAt(2), functions: options.functions })));

    const clientConfig = { region: options.region, credentials: LOCAL_CREDENTIALS };
    const sqs = new SQSClient({ ...clientConfig, endpoint: sqsEndpoint });
    const dynamo = new DynamoDBClient({ ...clientConfig, endpoint: dynamodbEndpoint });
    const queue = await createQueue(sqs, options.queue, {
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
      deadLetter: { queueName: `${options.queue}-dlq`, maxReceiveCount: options.maxReceiveCount },
    });
    await createResultsTable(dynamo, options.table);
    return {
      region: options.region,
      sqsEndpoint,
      dynamodbEndpoint,
      lambdaEndpoint,
      queue: options.queue,
      queueUrl: queue.queueUrl,
      deadLetterQueueUrl: queue.deadLetterQueueUrl ?? null,
      table: options.table,
      sqs,
      dynamo,
      stop: async () => {
        sqs.destroy();
        dynamo.destroy();
        await stopStarted();
      },
    };
  } catch (error) {
    await stopStarted();
    throw error;
  }
}

async function track(started: LocalService[], starting: Promise<LocalService>): Promise<string> {
  const server = await starting;
  started.push(server);
  return server.endpoint;
}
