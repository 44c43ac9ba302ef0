import { BlobServiceClient } from '@azure/storage-blob';
import { type ResultMeta, parseKombuJson } from '@celery-cloud/core';
import { type Azurite, startAzurite } from '@celery-cloud/local/azure';
import { readVectorFiles, resultMetaFromVector } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResultStore } from '../src/index.js';

const vectors = readVectorFiles('results/azureblockblob')
  .filter((f) => !/group-record\.json$/.test(f.name))
  .map((f) => [f.name, parseKombuJson(f.text)] as const);

const meta = (id: string, status: string, result: unknown = null): ResultMeta => ({
  task_id: id,
  status,
  result,
  traceback: null,
  children: [],
  date_done: new Date('2026-11-24T12:00:00Z'),
});

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

  it('never replaces a stored SUCCESS, but lets later states replace earlier ones', async () => {
    const store = createResultStore({ connectionString: azurite.connectionString });
    expect(await store.set(meta('t1', 'STARTED'))).toBe(true);
    expect(await store.set(meta('t1', 'SUCCESS', 1))).toBe(true);
    expect(await store.set(meta('t1', 'FAILURE'))).toBe(false);
    expect(await store.get('t1')).toMatchObject({ status: 'SUCCESS', result: 1 });
  });

  it('counts chord parts without losing any under concurrency, and resets on delete', async () => {
    const store = createResultStore({ connectionString: azurite.connectionString });
    const counts = await Promise.all(Array.from({ length: 12 }, () => store.incrChordCounter('gid-1')));
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    await store.deleteChordCounter('gid-1');
    expect(await store.incrChordCounter('gid-1')).toBe(1);
  });

  it('saves, reads and deletes group records; forgets results; reads PENDING as null', async () => {
    const store = createResultStore({ connectionString: azurite.connectionString });
    const tuples = [['grp-1', null], [[['g1', null], null]]];
    await store.saveGroup('grp-1', tuples);
    expect(await blobText('celery', 'celery-taskset-meta-grp-1')).toBe(
      '{"result": [["grp-1", null], [[["g1", null], null]]]}',
    );
    expect(await store.getGroup('grp-1')).toEqual(tuples);
    await store.deleteGroup('grp-1');
    expect(await store.getGroup('grp-1')).toBeNull();
    await store.set(meta('gone', 'SUCCESS', 2));
    await store.forget('gone');
    expect(await store.get('gone')).toBeNull();
  });
});
