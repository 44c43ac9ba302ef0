import { describe, expect, it } from 'vitest';
import type { BlobBytes, UploadCondition } from './blobBytes.js';
import { blobKeyValueStore } from './blobKeyValueStore.js';
import { BlobRequestFailed } from './blobRequestFailed.js';

/** Blob bytes where another writer always changes the blob between a read and a conditional write. */
function alwaysContended(): BlobBytes & { uploads: UploadCondition[] } {
  let version = 0;
  const uploads: UploadCondition[] = [];
  return {
    uploads,
    ensureContainer: async () => {},
    read: async () => ({ text: '1', etag: `"v${++version}"` }),
    async upload(_name, _text, condition) {
      uploads.push(condition);
      return condition === null;
    },
    delete: async () => {},
  };
}

describe('blobKeyValueStore', () => {
  it('names blobs with the base path before the key, with no separator added', async () => {
    const names: string[] = [];
    const bytes: BlobBytes = {
      ensureContainer: async () => {},
      async read(name) {
        names.push(name);
        return null;
      },
      upload: async () => true,
      delete: async () => {},
    };
    await blobKeyValueStore(bytes, 'results/').get('celery-task-meta-1');
    expect(names).toEqual(['results/celery-task-meta-1']);
  });

  it('creates the container once, and again after a failed attempt', async () => {
    let creations = 0;
    const bytes: BlobBytes = {
      async ensureContainer() {
        if (++creations === 1)
          throw new BlobRequestFailed('Create Container celery: HTTP 503', { status: 503 });
      },
      read: async () => null,
      upload: async () => true,
      delete: async () => {},
    };
    const kv = blobKeyValueStore(bytes, '');
    await expect(kv.get('a')).rejects.toThrow(BlobRequestFailed);
    await kv.get('a');
    await kv.delete('a');
    expect(creations).toBe(2);
  });

  it('gives up a guarded write that keeps losing to concurrent writers with BlobRequestFailed (412)', async () => {
    const bytes = alwaysContended();
    const error = await blobKeyValueStore(bytes, '')
      .put('k', { text: '2' }, { unlessStartsWith: '{"status": "SUCCESS"' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobRequestFailed);
    expect(error).toMatchObject({
      status: 412,
      message: 'Put Blob k: still conflicting after 20 conditional writes',
    });
    expect(bytes.uploads.slice(0, 2)).toEqual([{ ifNoneMatch: '*' }, { ifMatch: '"v1"' }]);
  });

  it('gives up an increment that keeps losing to concurrent increments with BlobRequestFailed (412)', async () => {
    const bytes = alwaysContended();
    await expect(blobKeyValueStore(bytes, '').increment('chord-unlock-g')).rejects.toMatchObject({
      name: 'BlobRequestFailed',
      status: 412,
      message: 'Put Blob chord-unlock-g: still conflicting after 100 conditional writes',
    });
    expect(bytes.uploads).toHaveLength(100);
  });
});
