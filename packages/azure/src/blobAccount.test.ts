import { describe, expect, it } from 'vitest';
import { blobAccountOf } from './blobAccount.js';

describe('blobAccountOf', () => {
  it('reads an account key connection string, the endpoint made from the protocol, account and suffix', () => {
    expect(
      blobAccountOf(
        'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.chinacloudapi.cn',
      ),
    ).toEqual({
      endpoint: 'https://acct.blob.core.chinacloudapi.cn',
      name: 'acct',
      auth: { key: Buffer.from('key') },
    });
  });

  it('takes BlobEndpoint as given, without its trailing slash, as Celery URLs for Azurite carry it', () => {
    const account = blobAccountOf(
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1/;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1',
    );
    expect(account?.endpoint).toBe('http://127.0.0.1:10000/devstoreaccount1');
  });

  it('defaults to https and core.windows.net when the connection string leaves them out', () => {
    expect(blobAccountOf('AccountName=acct;AccountKey=a2V5')?.endpoint).toBe(
      'https://acct.blob.core.windows.net',
    );
  });

  it("reads UseDevelopmentStorage=true as Azurite's fixed account on 127.0.0.1:10000", () => {
    const account = blobAccountOf('UseDevelopmentStorage=true');
    expect(account).toMatchObject({
      endpoint: 'http://127.0.0.1:10000/devstoreaccount1',
      name: 'devstoreaccount1',
    });
    expect(account && 'key' in account.auth && account.auth.key.length).toBe(64);
  });

  it('reads a SAS connection string, dropping the leading ? of the signature', () => {
    expect(
      blobAccountOf(
        'BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=?sv=2021-08-06&sig=x%2By',
      ),
    ).toEqual({
      endpoint: 'https://acct.blob.core.windows.net',
      name: '',
      auth: { sas: 'sv=2021-08-06&sig=x%2By' },
    });
  });

  it('leaves to the SDK what it cannot read: a proxied Azurite, no key and no signature, no endpoint', () => {
    expect(
      blobAccountOf('UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://127.0.0.1:8888'),
    ).toBeNull();
    expect(blobAccountOf('BlobEndpoint=https://acct.blob.core.windows.net')).toBeNull();
    expect(blobAccountOf('AccountKey=a2V5')).toBeNull();
  });
});
