import { randomUUID } from 'node:crypto';
import { type ResultMeta, ResultTooLarge, encodeResultMeta, parseKombuJson } from '@celery-cloud/core';
import { type LocalGcp, hasGcpEmulators, startLocalGcp } from '@celery-cloud/local/gcp';
import { describeWhen, must, readVectorFiles, resultMetaFromVector } from '@celery-cloud/testkit';
import { describeResultStoreContract, sampleMeta } from '@celery-cloud/testkit/contracts';
import { Timestamp } from '@google-cloud/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentTooLarge } from '../src/documentTooLarge.js';
import { firestoreDocumentsFor } from '../src/firestoreDocumentsFor.js';
import { type FirestoreResultStoreOptions, createResultStore } from '../src/index.js';

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

  // The REST client, as functions on Google Cloud and against the emulator use it, and the SDK, as
  // a caller's own client or a laptop's: both must keep the same contract and write the same documents.
  const clients = [
    [
      'the REST client',
      (options: FirestoreResultStoreOptions) => createResultStore({ env: stack.env, ...options }),
    ],
    [
      'the SDK',
      (options: FirestoreResultStoreOptions) => createResultStore({ firestore: stack.firestore, ...options }),
    ],
  ] as const;

  describe.each(clients)('through %s', (client, create) => {
    // The golden vectors have fixed task ids: each client writes them to a collection of its own.
    const vectorsCollection = `vectors-${client.split(' ').at(-1)}`;
    it.each(vectors)(
      'stores the exact JSON Celery 5.6 stores for %s, which reads back and encodes to the same bytes',
      async (_name, vector) => {
        const v = vector as { input: Record<string, unknown>; stored: { content_b64: string } };
        const store = create({ collection: vectorsCollection });
        const m = resultMetaFromVector<ResultMeta>(v.input);
        expect(await store.set(m)).toBe(true);
        const doc = await stack.firestore
          .collection(vectorsCollection)
          .doc(`celery-task-meta-${m.task_id}`)
          .get();
        expect(Buffer.from(doc.get('result')).toString('base64')).toBe(v.stored.content_b64);
        expect(doc.get('status')).toBe(m.status);
        expect(doc.get('expires_at')).toBeInstanceOf(Timestamp);
        expect(doc.get('expires_at').toMillis()).toBeGreaterThan(Date.now());
        expect(doc.get('date_done')).toEqual(m.date_done ? Timestamp.fromDate(m.date_done) : null);
        expect(encodeResultMeta(must(await store.get(m.task_id)), { dateFormat: 'aware' })).toBe(
          doc.get('result'),
        );
      },
    );

    it("stores a group record as Celery's GroupResult.save() does", async () => {
      const store = create({ collection: vectorsCollection });
      const { group_id, result } = groupRecord.input;
      await store.saveGroup(group_id, result);
      const doc = await stack.firestore
        .collection(vectorsCollection)
        .doc(`celery-taskset-meta-${group_id}`)
        .get();
      expect(Buffer.from(doc.get('result')).toString('base64')).toBe(groupRecord.stored.content_b64);
      expect(Object.keys(must(doc.data())).sort()).toEqual(['expires_at', 'result']);
      expect(await store.getGroup(group_id)).toEqual(result);
    });

    it('refuses a result no Firestore document can hold with ResultTooLarge, storing nothing', async () => {
      const store = create({});
      const id = `huge-${randomUUID()}`;
      await expect(store.set(meta(id, 'SUCCESS', 'x'.repeat(1_100_000)))).rejects.toBeInstanceOf(
        ResultTooLarge,
      );
      expect(await store.get(id)).toBeNull();
      expect(await store.set(meta(id, 'SUCCESS', 'x'.repeat(900_000)))).toBe(true);
    });

    it('keeps the chord counter in chord-unlock-<gid>.chord_count with expires_at, beside other fields', async () => {
      const store = create({});
      const gid = `gid-${randomUUID()}`;
      expect(await store.incrChordCounter(gid)).toBe(1);
      const ref = stack.firestore.collection('celery').doc(`chord-unlock-${gid}`);
      expect((await ref.get()).get('chord_count')).toBe(1);
      expect((await ref.get()).get('expires_at').toMillis()).toBeGreaterThan(Date.now());
      // An increment merges: it keeps what else the document holds, as Celery's backend does.
      await ref.set({ chord_size: 3 }, { merge: true });
      expect(await store.incrChordCounter(gid)).toBe(2);
      expect(Object.keys(must((await ref.get()).data())).sort()).toEqual([
        'chord_count',
        'chord_size',
        'expires_at',
      ]);
    });

    describeResultStoreContract(() => create({}), { timeout: 60_000 });
  });

  // The store refuses a result over 1 000 000 bytes itself; a document Firestore refuses (over
  // 1 MiB) can only be written below the store, so these write through each client directly.
  describe.each([
    ['the REST client', () => firestoreDocumentsFor({ env: stack.env, collection: 'big' })],
    ['the SDK', () => firestoreDocumentsFor({ firestore: stack.firestore, env: {}, collection: 'big' })],
  ] as const)('a document Firestore refuses for its size, through %s', (client, docs) => {
    it.each([
      ['a value over its limit', { result: 'x'.repeat(1_100_000) }],
      ['a document over 1 MiB in all', { result: 'x'.repeat(600_000), status: 'y'.repeat(600_000) }],
    ] as const)('is ResultTooLarge for %s, and nothing is stored', async (what, fields) => {
      const id = `huge-${client.length}-${what.length}`;
      const refused = await docs()
        .set(id, { ...fields, expires_at: new Date() })
        .catch((error: unknown) => error);
      expect(documentTooLarge(refused)).toBeInstanceOf(ResultTooLarge);
      expect(await docs().read(id, 'result')).toBeUndefined();
    });
  });

  it('writes the same fields, of the same types, through either client', async () => {
    const fieldsOf = async (create: (typeof clients)[number][1], id: string) => {
      await create({ collection: 'same' }).set(
        meta(id, 'RETRY', { exc_type: 'Busy', exc_message: [], exc_module: 'm' }),
      );
      const data = must(
        (await stack.firestore.collection('same').doc(`celery-task-meta-${id}`).get()).data(),
      );
      return Object.fromEntries(
        Object.entries(data).map(([k, v]) => [
          k,
          k === 'expires_at' && v instanceof Timestamp ? 'a Timestamp' : v,
        ]),
      );
    };
    const [[, rest], [, sdk]] = clients;
    const fromRest = await fieldsOf(rest, 'same-1');
    expect(fromRest).toEqual(await fieldsOf(sdk, 'same-1'));
    expect(fromRest).toMatchObject({
      status: 'RETRY',
      date_done: Timestamp.fromDate(new Date('2026-11-24T12:00:00Z')),
    });
  });
});
