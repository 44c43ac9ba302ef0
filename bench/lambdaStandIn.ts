/**
 * Figure 6's side of ours, in its own process as a Lambda function runs apart from the queue: the
 * local stand-in of Lambda's event source mapping feeding our handler, configured by the
 * environment the deployed function would get (`localHandlerEnv`) plus `CELERY_CLOUD_QUEUE_URL`.
 * Prints `ready` once polling; SIGTERM stops it.
 *
 * @example
 * ```sh
 * node --conditions=@celery-cloud/source --import tsx bench/lambdaStandIn.ts   # env from the stack
 * ```
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { handlerFromEnv } from '../packages/aws/src/index.js';
import { TaskRegistry, defineTask } from '../packages/core/src/index.js';
import { startEventSourceMapping } from '../packages/local/src/aws/index.js';

const env = process.env as Record<string, string>;
const tasks = new TaskRegistry().register(defineTask('proj.add', (_ctx, a: number, b: number) => a + b));
const mapping = startEventSourceMapping({
  sqs: new SQSClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL_SQS }),
  queueUrl: env.CELERY_CLOUD_QUEUE_URL as string,
  handler: handlerFromEnv(env, { tasks }),
  visibilityTimeoutSeconds: 60,
});
process.once('SIGTERM', () => {
  void mapping.stop().then(() => process.exit(0));
});
console.log('ready');
