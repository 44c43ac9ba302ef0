import { ConfigError } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { parseSqsUrl, sqsQueueName } from './parseSqsUrl.js';

describe('parseSqsUrl', () => {
  it('reads credentials and a local endpoint from the URL, as kombu 5.2 does', () => {
    expect(parseSqsUrl('sqs://test:s%2Fcret@127.0.0.1:9324')).toEqual({
      endpoint: 'http://127.0.0.1:9324',
      accessKeyId: 'test',
      secretAccessKey: 's/cret',
    });
  });

  it('leaves the endpoint to the SDK for a bare sqs://', () => {
    expect(parseSqsUrl('sqs://')).toEqual({ endpoint: null, accessKeyId: null, secretAccessKey: null });
  });

  it('refuses other schemes', () => {
    expect(() => parseSqsUrl('amqp://x')).toThrow(ConfigError);
  });
});

describe('sqsQueueName', () => {
  it('mangles Celery queue names as kombu does, keeping .fifo', () => {
    expect([
      sqsQueueName('jobs.high'),
      sqsQueueName('a:b'),
      sqsQueueName('orders.fifo'),
      sqsQueueName('x', 'dev.'),
    ]).toEqual(['jobs-high', 'a_b', 'orders.fifo', 'dev-x']);
  });
});
