import { describe, expect, it } from 'vitest';
import { queueUrlOfRecord } from './sqsHoldUntilDue.js';
import type { SQSRecord } from './types.js';

const record = { eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:jobs.fifo' } as SQSRecord;

describe('queueUrlOfRecord', () => {
  it('uses the configured queue URL when it names the same queue, else builds one from the ARN', () => {
    const local = 'http://127.0.0.1:4566/000000000000/jobs.fifo';
    expect(queueUrlOfRecord(record, { queueUrl: local })).toBe(local);
    expect(queueUrlOfRecord(record, { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/other' })).toBe(
      'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs.fifo',
    );
    expect(queueUrlOfRecord(record, { endpoint: 'http://127.0.0.1:9324/' })).toBe(
      'http://127.0.0.1:9324/123456789012/jobs.fifo',
    );
  });
});
