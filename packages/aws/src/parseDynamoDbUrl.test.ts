import { ConfigError } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { parseDynamoDbUrl } from './parseDynamoDbUrl.js';

describe('parseDynamoDbUrl', () => {
  it('reads a local endpoint, table and capacities as Celery does', () => {
    expect(parseDynamoDbUrl('dynamodb://@localhost:8000/results?read=5&write=5')).toEqual({
      table: 'results',
      region: null,
      endpoint: 'http://localhost:8000',
      accessKeyId: null,
      secretAccessKey: null,
      ttlSeconds: null,
    });
  });

  it('reads a region, credentials and ttl_seconds', () => {
    expect(parseDynamoDbUrl('dynamodb://AKID:s%2Fecret@eu-west-1/celery?ttl_seconds=3600')).toMatchObject({
      table: 'celery',
      region: 'eu-west-1',
      endpoint: null,
      accessKeyId: 'AKID',
      secretAccessKey: 's/ecret',
      ttlSeconds: 3600,
    });
  });

  it('defaults the table to celery', () => {
    expect(parseDynamoDbUrl('dynamodb://@us-east-1').table).toBe('celery');
  });

  it('refuses other schemes without echoing credentials', () => {
    expect(() => parseDynamoDbUrl('redis://user:hunter2@host/0')).toThrow(ConfigError);
    expect(() => parseDynamoDbUrl('not a url:hunter2@')).toThrow(/^(?!.*hunter2)/);
  });
});
