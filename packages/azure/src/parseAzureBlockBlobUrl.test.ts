import { ConfigError } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import {
  azureQueueName,
  parseAzureBlockBlobUrl,
  parseAzureStorageQueuesUrl,
} from './parseAzureBlockBlobUrl.js';

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

describe('parseAzureStorageQueuesUrl', () => {
  it('turns kombu 5.3+ broker URLs into connection strings, for Azure and for Azurite', () => {
    expect(
      parseAzureStorageQueuesUrl('azurestoragequeues://a2V5%2F%3D%3D@https://acct.queue.core.windows.net/'),
    ).toBe(
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5/==;QueueEndpoint=https://acct.queue.core.windows.net/',
    );
    expect(parseAzureStorageQueuesUrl('azurestoragequeues://k@http://127.0.0.1:10001/devstoreaccount1')).toBe(
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=k;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1',
    );
  });

  it('refuses identity-based and malformed URLs', () => {
    expect(() =>
      parseAzureStorageQueuesUrl(
        'azurestoragequeues://DefaultAzureCredential@https://a.queue.core.windows.net/',
      ),
    ).toThrow(ConfigError);
    expect(() => parseAzureStorageQueuesUrl('sqs://x')).toThrow(ConfigError);
  });
});
