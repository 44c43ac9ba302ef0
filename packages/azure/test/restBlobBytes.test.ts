import { type AddressInfo, createServer } from 'node:net';
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  BlobServiceClient,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
} from '@azure/storage-blob';
import type { ResultMeta } from '@celery-cloud/core';
import { type Azurite, DEVSTORE_ACCOUNT_KEY, startAzurite } from '@celery-cloud/local/azure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobAccountOf } from '../src/blobAccount.js';
import { BlobRequestFailed, createResultStore } from '../src/index.js';
import { restBlobBytes } from '../src/restBlobBytes.js';

const success: ResultMeta = {
  task_id: 'rest-1',
  status: 'SUCCESS',
  result: 3,
  traceback: null,
  children: [],
  date_done: new Date('2026-11-29T00:00:00Z'),
};

describe('the REST Blob client (Azurite)', () => {
  let azurite: Azurite;
  let sdk: BlobServiceClient;
  beforeAll(async () => {
    azurite = await startAzurite();
    sdk = BlobServiceClient.fromConnectionString(azurite.connectionString);
  });
  afterAll(() => azurite?.stop());

  const bytesIn = (container: string, connectionString = azurite.connectionString) => {
    const account = blobAccountOf(connectionString);
    if (account === null) throw new Error('the test connection string should be one the REST client reads');
    return restBlobBytes(account, container);
  };

  /** The rejection of `call`, which must be a BlobRequestFailed. */
  const failure = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BlobRequestFailed);
    return error as BlobRequestFailed;
  };

  it('creates the container, and accepts a container that already exists', async () => {
    const bytes = bytesIn('rest-create');
    await bytes.ensureContainer();
    await bytes.ensureContainer();
    expect(await sdk.getContainerClient('rest-create').exists()).toBe(true);
  });

  it('reads null for a missing blob and deletes a missing blob without an error', async () => {
    const bytes = bytesIn('rest-missing');
    await bytes.ensureContainer();
    expect(await bytes.read('nothing-here')).toBeNull();
    await bytes.delete('nothing-here');
  });

  it('uploads once with If-None-Match: *, then replaces only the version whose ETag it read', async () => {
    const bytes = bytesIn('rest-conditions');
    await bytes.ensureContainer();
    expect(await bytes.upload('b', 'one', { ifNoneMatch: '*' })).toBe(true);
    expect(await bytes.upload('b', 'two', { ifNoneMatch: '*' })).toBe(false);
    const first = await bytes.read('b');
    expect(first?.text).toBe('one');
    expect(await bytes.upload('b', 'three', { ifMatch: first?.etag ?? '' })).toBe(true);
    expect(await bytes.upload('b', 'four', { ifMatch: first?.etag ?? '' })).toBe(false);
    expect(await bytes.upload('b', 'five', null)).toBe(true);
    expect((await bytes.read('b'))?.text).toBe('five');
    await bytes.delete('b');
    expect(await bytes.read('b')).toBeNull();
  });

  it('stores the UTF-8 bytes of the text under a name with slashes and spaces, as the SDK reads it', async () => {
    const bytes = bytesIn('rest-names');
    await bytes.ensureContainer();
    await bytes.upload('results/some dir/celery-task-meta-é', '{"result": "ünïcode ✓"}', null);
    const stored = await sdk
      .getContainerClient('rest-names')
      .getBlobClient('results/some dir/celery-task-meta-é')
      .downloadToBuffer();
    expect(stored.toString('utf8')).toBe('{"result": "ünïcode ✓"}');
    expect((await bytes.read('results/some dir/celery-task-meta-é'))?.text).toBe('{"result": "ünïcode ✓"}');
  });

  it('throws BlobRequestFailed with the status and error code when the account key is wrong', async () => {
    const wrongKey = azurite.connectionString.replace(
      DEVSTORE_ACCOUNT_KEY,
      Buffer.from('not the key').toString('base64'),
    );
    const error = await failure(bytesIn('rest-auth', wrongKey).ensureContainer());
    // Azurite's code for a signature it cannot verify (Azure's own says AuthenticationFailed).
    expect(error).toMatchObject({ status: 403, errorCode: 'AuthorizationFailure' });
    expect(error.message).toBe('Create Container rest-auth: HTTP 403 AuthorizationFailure');
  });

  it('throws BlobRequestFailed for a write to a container that does not exist', async () => {
    const error = await failure(bytesIn('rest-no-container').upload('b', 'x', null));
    expect(error).toMatchObject({ status: 404, errorCode: 'ContainerNotFound' });
  });

  it('throws BlobRequestFailed with no status when nothing listens at the endpoint', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const closed = azurite.connectionString.replace(new URL(azurite.blobEndpoint).host, `127.0.0.1:${port}`);
    const error = await failure(bytesIn('rest-closed', closed).read('b'));
    expect(error.status).toBeNull();
    expect(error.message).toMatch(/^Get Blob rest-closed\/b: unreachable \(.*ECONNREFUSED/);
  });

  describe('with a SAS connection string', () => {
    const sasFor = (permissions: string) =>
      generateAccountSASQueryParameters(
        {
          expiresOn: new Date(Date.now() + 3_600_000),
          permissions: AccountSASPermissions.parse(permissions),
          resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
          services: AccountSASServices.parse('b').toString(),
        },
        new StorageSharedKeyCredential('devstoreaccount1', DEVSTORE_ACCOUNT_KEY),
      ).toString();

    it('stores and reads results with the signature on every request', async () => {
      const store = createResultStore({
        connectionString: `BlobEndpoint=${azurite.blobEndpoint};SharedAccessSignature=${sasFor('rwdc')}`,
        container: 'rest-sas',
      });
      expect(await store.set({ ...success, task_id: 'sas-1' })).toBe(true);
      expect(await store.get('sas-1')).toMatchObject({ status: 'SUCCESS', result: 3 });
    });

    it('is refused a write the signature does not permit', async () => {
      await sdk.getContainerClient('rest-sas-readonly').createIfNotExists();
      const readOnly = `BlobEndpoint=${azurite.blobEndpoint};SharedAccessSignature=${sasFor('r')}`;
      const error = await failure(bytesIn('rest-sas-readonly', readOnly).upload('b', 'x', null));
      expect(error.status).toBe(403);
      expect(error.errorCode).toMatch(/^Authorization/);
    });
  });
});
