import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { type ResultMeta, parseKombuJson } from '@celery-cloud/core';
import { type LocalAwsStackWithConfig, startLocalAwsStack } from '@celery-cloud/local/aws';
import { createResultsTable } from '@celery-cloud/local/aws';
import { VECTOR_CLOCK, readVectorFiles, resultMetaFromVector } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResultStore, pythonBytesRepr } from '../src/index.js';

const vectors = readVectorFiles('results/dynamodb')
  .filter((f) => !/(chord-counter|group-record)\.json$/.test(f.name))
  .map((f) => [f.name, parseKombuJson(f.text)] as const);

const metaFrom = (input: Record<string, unknown>) => resultMetaFromVector<ResultMeta>(input);

describe('DynamoDB result store (dynalite)', () => {
  let stack: LocalAwsStackWithConfig;
  beforeAll(async () => {
    stack = await startLocalAwsStack();
  });
  afterAll(() => stack.stop());

  it.each(vectors)('writes the exact item Celery wrote for %s', async (_name, vector) => {
    const v = vector as {
      celery: string;
      input: Record<string, unknown>;
      stored: { Item: Record<string, Record<string, string>> };
    };
    const ttl = v.stored.Item.ttl ? 3600 : undefined;
    // Both Celery versions use the same task ids: one table each, so no SUCCESS blocks another.
    const table = `vectors-${v.celery}`;
    await createResultsTable(stack.dynamo, table);
    const store = createResultStore({
      client: stack.dynamo,
      table,
      dateFormat: v.celery === '5.2.6' ? 'naive' : 'aware',
      clock: { now: () => VECTOR_CLOCK },
      ...(ttl ? { ttlSeconds: ttl } : {}),
    });
    const meta = metaFrom(v.input);
    expect(await store.set(meta)).toBe(true);
    const id = v.stored.Item.id!.S!;
    expect(id).toBe(pythonBytesRepr(`celery-task-meta-${meta.task_id}`));
    const got = await stack.dynamo.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }));
    expect(Buffer.from(got.Item!.result!.B!).toString('base64')).toBe(v.stored.Item.result!.B);
    expect(got.Item!.timestamp!.N).toBe(v.stored.Item.timestamp!.N);
    expect(got.Item!.ttl?.N).toBe(v.stored.Item.ttl?.N);
    expect(Object.keys(got.Item!).sort()).toEqual(Object.keys(v.stored.Item).sort());
  });

  it('never replaces a stored SUCCESS', async () => {
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    const base = { task_id: 'once', traceback: null, children: [], date_done: new Date() };
    expect(
      await store.set({ ...base, status: 'STARTED', result: { pid: 1, hostname: 'h' }, date_done: null }),
    ).toBe(true);
    expect(await store.set({ ...base, status: 'SUCCESS', result: 1 })).toBe(true);
    expect(
      await store.set({
        ...base,
        status: 'FAILURE',
        result: { exc_type: 'X', exc_message: [], exc_module: 'm' },
      }),
    ).toBe(false);
    expect(await store.get('once')).toMatchObject({ status: 'SUCCESS', result: 1 });
  });

  it('counts chord parts atomically under concurrency', async () => {
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    const counts = await Promise.all(Array.from({ length: 25 }, () => store.incrChordCounter('gid-1')));
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    await store.deleteChordCounter('gid-1');
    expect(await store.incrChordCounter('gid-1')).toBe(1);
  });

  it('saves, reads and deletes group records', async () => {
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    const tuples = [['grp-1', null], [[['g1', null], null]]];
    await store.saveGroup('grp-1', tuples);
    expect(await store.getGroup('grp-1')).toEqual(tuples);
    await store.deleteGroup('grp-1');
    expect(await store.getGroup('grp-1')).toBeNull();
  });

  it('forgets a task meta, as AsyncResult.forget() does', async () => {
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    await store.set({
      task_id: 'gone',
      status: 'SUCCESS',
      result: 1,
      traceback: null,
      children: [],
      date_done: new Date(),
    });
    await store.forget('gone');
    expect(await store.get('gone')).toBeNull();
  });
});
