import { BlobServiceClient } from '@azure/storage-blob';
import { ConfigError, type ResultMeta, parseKombuJson } from '@celery-cloud/core';
import { type Azurite, DEVSTORE_ACCOUNT_KEY, startAzurite } from '@celery-cloud/local/azure';
import { readVectorFiles, resultMetaFromVector } from '@celery-cloud/testkit';
import { describeResultStoreContract } from '@celery-cloud/testkit/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobRequestFailed, createResultStore } from '../src/index.js';

const vectors = readVectorFiles('results/azureblockblob')
  .filter((f) => !/group-record\.json$/.test(f.name))
  .map((f) => [f.name, parseKombuJson(f.text)] as const);

describe('Blob result store (Azurite)', () => {
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(() => azurite?.stop());

  const blobText = async (container: string, name: string) =>
    (
      await BlobServiceClient.fromConnectionString(azurite.connectionString)
        .getContainerClient(container)
        .getBlobClient(name)
        .downloadToBuffer()
    ).toString('utf8');

  it.each(vectors)(
    'uploads the exact bytes Celery uploaded for %s, creating the container',
    async (_name, vector) => {
      const v = vector as {
        celery: string;
        input: Record<string, unknown>;
        stored: { container: string; blob: string; content_b64: string };
      };
      const m = resultMetaFromVector<ResultMeta>(v.input);
      const basePath = v.stored.blob.slice(0, v.stored.blob.indexOf('celery-task-meta-'));
      // One container per Celery version: both use the same task ids.
      const container = `vectors-${v.celery.replace(/\./g, '-')}`;
      const store = createResultStore({
        url: `azureblockblob://${azurite.connectionString}`,
        container,
        basePath,
        dateFormat: v.celery === '5.2.6' ? 'naive' : 'aware',
      });
      expect(await store.set(m)).toBe(true);
      expect(Buffer.from(await blobText(container, v.stored.blob)).toString('base64')).toBe(
        v.stored.content_b64,
      );
      expect(await store.get(m.task_id)).toMatchObject({ task_id: m.task_id, status: m.status });
    },
  );

  it('stores a group record as the bytes Celery stores', async () => {
    const store = createResultStore({ connectionString: azurite.connectionString });
    await store.saveGroup('grp-1', [['grp-1', null], [[['g1', null], null]]]);
    expect(await blobText('celery', 'celery-taskset-meta-grp-1')).toBe(
      '{"result": [["grp-1", null], [[["g1", null], null]]]}',
    );
  });

  it('writes the same bytes and content type through a BlobServiceClient (the SDK) as through a connection string', async () => {
    const meta = resultMetaFromVector<ResultMeta>(
      (vectors[0]?.[1] as { input: Record<string, unknown> }).input,
    );
    const client = BlobServiceClient.fromConnectionString(azurite.connectionString);
    await createResultStore({ connectionString: azurite.connectionString, container: 'by-rest' }).set(meta);
    await createResultStore({ client, container: 'by-sdk' }).set(meta);
    const name = `celery-task-meta-${meta.task_id}`;
    const [rest, sdk] = await Promise.all(
      ['by-rest', 'by-sdk'].map((container) =>
        client.getContainerClient(container).getBlobClient(name).getProperties(),
      ),
    );
    expect(rest?.contentType).toBe('application/octet-stream');
    expect(rest?.contentType).toBe(sdk?.contentType);
    expect(rest?.blobType).toBe('BlockBlob');
    expect(await blobText('by-rest', name)).toBe(await blobText('by-sdk', name));
  });

  it('throws BlobRequestFailed with the status and error code from a client the service refuses', async () => {
    const refused = BlobServiceClient.fromConnectionString(
      azurite.connectionString.replace(DEVSTORE_ACCOUNT_KEY, Buffer.from('not the key').toString('base64')),
    );
    const error = await createResultStore({ client: refused })
      .get('x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobRequestFailed);
    expect(error).toMatchObject({ status: 403, errorCode: 'AuthorizationFailure' });
  });

  it('leaves a connection string the REST client cannot read to the SDK, whose refusal is a ConfigError', async () => {
    const store = createResultStore({ connectionString: `BlobEndpoint=${azurite.blobEndpoint}` });
    await expect(store.get('x')).rejects.toThrow(ConfigError);
    await expect(store.get('x')).rejects.toThrow(
      /Blob connection string cannot be used: .*SharedAccessSignature/,
    );
  });

  describe('through the REST client (a connection string)', () => {
    describeResultStoreContract(() => createResultStore({ connectionString: azurite.connectionString }), {
      concurrency: 12,
    });
  });

  describe('through the SDK (a BlobServiceClient given)', () => {
    describeResultStoreContract(
      () =>
        createResultStore({
          client: BlobServiceClient.fromConnectionString(azurite.connectionString),
          container: 'through-sdk',
        }),
      { concurrency: 12 },
    );
  });
});
