import { type ResultMeta, ResultTooLarge, encodeResultMeta, parseKombuJson } from '@celery-cloud/core';
import { type LocalGcp, hasGcpEmulators, startLocalGcp } from '@celery-cloud/local/gcp';
import { describeWhen, must, readVectorFiles, resultMetaFromVector } from '@celery-cloud/testkit';
import { describeResultStoreContract, sampleMeta } from '@celery-cloud/testkit/contracts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createResultStore } from '../src/index.js';

const files = readVectorFiles('results/gcs').map((f) => [f.name, parseKombuJson(f.text)] as const);
const vectors = files.filter(([name]) => !name.endsWith('group-record.json'));
const groupRecord = must(files.find(([name]) => name.endsWith('group-record.json')))[1] as {
  input: { group_id: string; result: unknown[] };
  stored: { content_b64: string };
};

const meta = (id: string, status: string, result: unknown = null) =>
  sampleMeta(id, status, result) as ResultMeta;

const gcp = describeWhen(
  hasGcpEmulators(),
  'Java or the gcloud Firestore/Pub/Sub emulator jars are missing: the Firestore store was not tested',
);

gcp('Firestore result store (emulator)', () => {
  let stack: LocalGcp;
  beforeAll(async () => {
    stack = await startLocalGcp();
  }, 60_000);
  afterAll(() => stack?.stop());

  it.each(vectors)(
    'stores the exact JSON Celery 5.6 stores for %s, which reads back and encodes to the same bytes',
    async (_name, vector) => {
      const v = vector as { input: Record<string, unknown>; stored: { content_b64: string } };
      const store = createResultStore({ firestore: stack.firestore, collection: 'vectors' });
      const m = resultMetaFromVector<ResultMeta>(v.input);
      expect(await store.set(m)).toBe(true);
      const doc = await stack.firestore.collection('vectors').doc(`celery-task-meta-${m.task_id}`).get();
      expect(Buffer.from(doc.get('result')).toString('base64')).toBe(v.stored.content_b64);
      expect(doc.get('status')).toBe(m.status);
      expect(doc.get('expires_at').toMillis()).toBeGreaterThan(Date.now());
      expect(encodeResultMeta(must(await store.get(m.task_id)), { dateFormat: 'aware' })).toBe(
        doc.get('result'),
      );
    },
  );

  it("stores a group record as Celery's GroupResult.save() does", async () => {
    const store = createResultStore({ firestore: stack.firestore, collection: 'vectors' });
    const { group_id, result } = groupRecord.input;
    await store.saveGroup(group_id, result);
    const doc = await stack.firestore.collection('vectors').doc(`celery-taskset-meta-${group_id}`).get();
    expect(Buffer.from(doc.get('result')).toString('base64')).toBe(groupRecord.stored.content_b64);
    expect(await store.getGroup(group_id)).toEqual(result);
  });

  it('refuses a result no Firestore document can hold with ResultTooLarge, storing nothing', async () => {
    const store = createResultStore({ firestore: stack.firestore });
    await expect(store.set(meta('huge-1', 'SUCCESS', 'x'.repeat(1_100_000)))).rejects.toBeInstanceOf(
      ResultTooLarge,
    );
    expect(await store.get('huge-1')).toBeNull();
    expect(await store.set(meta('huge-1', 'SUCCESS', 'x'.repeat(900_000)))).toBe(true);
  });

  it('keeps the chord counter in chord-unlock-<gid>.chord_count with expires_at', async () => {
    const store = createResultStore({ firestore: stack.firestore });
    expect(await store.incrChordCounter('gid-1')).toBe(1);
    const counter = await stack.firestore.collection('celery').doc('chord-unlock-gid-1').get();
    expect(counter.get('chord_count')).toBe(1);
    expect(counter.get('expires_at').toMillis()).toBeGreaterThan(Date.now());
  });

  describeResultStoreContract(() => createResultStore({ firestore: stack.firestore }), { timeout: 60_000 });
});
