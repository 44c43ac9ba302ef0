import { BlobServiceClient } from '@azure/storage-blob';
import { type ResultMeta, parseKombuJson } from '@celery-cloud/core';
import { type Azurite, startAzurite } from '@celery-cloud/local/azure';
import { readVectorFiles, resultMetaFromVector } from '@celery-cloud/testkit';
import { describeResultStoreContract } from '@celery-cloud/testkit/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResultStore } from '../src/index.js';

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

  describeResultStoreContract(() => createResultStore({ connectionString: azurite.connectionString }), {
    concurrency: 12,
  });
});
