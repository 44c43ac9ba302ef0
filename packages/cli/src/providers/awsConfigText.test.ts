import { celeryClientConfig } from '@celery-cloud/local/aws';
import { describe, expect, it } from 'vitest';
import { formatClientConfig } from './awsConfigText.js';

const stack = {
  region: 'us-east-1',
  sqsEndpoint: 'http://127.0.0.1:4566',
  dynamodbEndpoint: 'http://127.0.0.1:4567',
  lambdaEndpoint: 'http://127.0.0.1:4568',
  queue: 'celery',
  queueUrl: 'http://127.0.0.1:4566/123456789012/celery',
  deadLetterQueueUrl: 'http://127.0.0.1:4566/123456789012/celery-dlq',
  table: 'results',
};

describe('celeryClientConfig', () => {
  it('gives kombu the endpoint in the broker URL and the queue as a predefined queue', () => {
    const config = celeryClientConfig(stack, {});
    expect(config.broker_url).toBe('sqs://test:test@127.0.0.1:4566');
    expect(config.transport_options).toEqual({
      region: 'us-east-1',
      predefined_queues: {
        celery: { url: stack.queueUrl, access_key_id: 'test', secret_access_key: 'test' },
      },
    });
  });

  it('names localhost in the DynamoDB backend URL so Celery uses the local endpoint', () => {
    expect(celeryClientConfig(stack, {}).backend_url).toBe(
      'dynamodb://test:test@localhost:4567/results?read=5&write=5',
    );
  });
});

describe('formatClientConfig', () => {
  it('prints a Python snippet and the handler environment', () => {
    const text = formatClientConfig(celeryClientConfig(stack, { TASKS: '{"a": "task://a"}' }));
    expect(text).toContain(
      `app = Celery('client', broker="sqs://test:test@127.0.0.1:4566", backend="dynamodb://test:test@localhost:4567/results?read=5&write=5")`,
    );
    expect(text).toContain(`app.conf.task_default_queue = "celery"`);
    expect(text).toContain(`TASKS='{"a": "task://a"}'`);
  });
});
