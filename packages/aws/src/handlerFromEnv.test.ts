import { ConfigError, encodeTaskMessage, wrapForTransport } from '@celery-cloud/core';
import { describeHandlerPluginContract } from '@celery-cloud/testkit/contracts';
import { describe } from 'vitest';
import { handlerFromEnv } from './handlerFromEnv.js';

// Nothing listens there: a handler that tried to reach DynamoDB would fail the message. The task is
// sent with the ignore_result header, so a SUCCESS is acknowledged without a write.
const offline = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  CELERY_RESULT_BACKEND: 'dynamodb://@us-east-1/celery',
};

describe('handlerFromEnv plugins', () => {
  describeHandlerPluginContract({
    env: offline,
    handlerFromEnv,
    encodeTaskMessage,
    deliver: (handler, task, id) =>
      handler({
        Records: [
          {
            messageId: `m-${id}`,
            receiptHandle: 'rh',
            body: wrapForTransport(task, 'sqs'),
            attributes: { ApproximateReceiveCount: '1' },
            messageAttributes: {},
            md5OfBody: '',
            eventSource: 'aws:sqs',
            eventSourceARN: 'arn:aws:sqs:us-east-1:1:celery',
            awsRegion: 'us-east-1',
          },
        ],
      }),
    acknowledged: { batchItemFailures: [] },
    remoteRoute: 'lambda://other-function',
    configError: ConfigError,
  });
});
