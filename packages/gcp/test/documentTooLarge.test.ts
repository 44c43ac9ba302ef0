import { ResultTooLarge } from '@celery-cloud/core';
import { type LocalGcp, hasGcpEmulators, startLocalGcp } from '@celery-cloud/local/gcp';
import { describeWhen } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentTooLarge } from '../src/documentTooLarge.js';
import { firestoreDocumentsFor } from '../src/firestoreDocumentsFor.js';

const gcp = describeWhen(
  hasGcpEmulators(),
  'Java or the gcloud Firestore/Pub/Sub emulator jars are missing: the size refusal was not tested',
);

// The store refuses a result over 1 000 000 bytes itself; a document Firestore refuses (over
// 1 MiB) can only be written below the store, so this spec writes through each client directly.
gcp('a document Firestore refuses for its size (emulator)', () => {
  let stack: LocalGcp;
  beforeAll(async () => {
    stack = await startLocalGcp();
  }, 60_000);
  afterAll(() => stack?.stop());

  const clients = [
    ['the REST client', () => firestoreDocumentsFor({ env: stack.env, collection: 'big' })],
    ['the SDK', () => firestoreDocumentsFor({ firestore: stack.firestore, env: {}, collection: 'big' })],
  ] as const;

  const oversized = [
    ['a value over its limit', { result: 'x'.repeat(1_100_000) }],
    ['a document over 1 MiB in all', { result: 'x'.repeat(600_000), status: 'y'.repeat(600_000) }],
  ] as const;

  describe.each(clients)('through %s', (client, docs) => {
    it.each(oversized)('is ResultTooLarge for %s, and nothing is stored', async (what, fields) => {
      const id = `huge-${client.length}-${what.length}`;
      const refused = await docs()
        .set(id, { ...fields, expires_at: new Date() })
        .catch((error: unknown) => error);
      expect(documentTooLarge(refused)).toBeInstanceOf(ResultTooLarge);
      expect(await docs().read(id, 'result')).toBeUndefined();
    });
  });

  it('leaves other refusals as they are', () => {
    const denied = Object.assign(new Error('Missing or insufficient permissions.'), { code: 7 });
    expect(documentTooLarge(denied)).toBe(denied);
  });
});
