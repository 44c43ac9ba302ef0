import { ConfigError } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { azureQueueName, parseAzureBlockBlobUrl } from './parseAzureBlockBlobUrl.js';

describe('parseAzureBlockBlobUrl', () => {
  it('returns the connection string Celery takes from the URL', () => {
    const cs =
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a/b==;EndpointSuffix=core.windows.net';
    expect(parseAzureBlockBlobUrl(`azureblockblob://${cs}`)).toBe(cs);
  });

  it('refuses other schemes and URLs without a connection string', () => {
    expect(() => parseAzureBlockBlobUrl('dynamodb://x')).toThrow(ConfigError);
    expect(() => parseAzureBlockBlobUrl('azureblockblob://nothing')).toThrow(ConfigError);
  });
});

describe('azureQueueName', () => {
  it('replaces every punctuation character by - after the prefix, as kombu does (captured)', () => {
    expect(azureQueueName('my.queue_x', 'pfx.')).toBe('pfx-my-queue-x');
    expect(azureQueueName('celery')).toBe('celery');
  });
});
