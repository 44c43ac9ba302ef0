import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { type ResultMeta, parseKombuJson } from '@celery-cloud/core';
import { type LocalAwsStackWithConfig, startLocalAwsStack } from '@celery-cloud/local/aws';
import { createResultsTable } from '@celery-cloud/local/aws';
import { VECTOR_CLOCK, must, readVectorFiles, resultMetaFromVector } from '@celery-cloud/testkit';
import { describeResultStoreContract } from '@celery-cloud/testkit/contracts';
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
    const id = must(must(v.stored.Item.id).S);
    expect(id).toBe(pythonBytesRepr(`celery-task-meta-${meta.task_id}`));
    const got = await stack.dynamo.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }));
    expect(Buffer.from(must(must(must(got.Item).result).B)).toString('base64')).toBe(
      must(v.stored.Item.result).B,
    );
    expect(must(must(got.Item).timestamp).N).toBe(must(v.stored.Item.timestamp).N);
    expect(must(got.Item).ttl?.N).toBe(v.stored.Item.ttl?.N);
    expect(Object.keys(must(got.Item)).sort()).toEqual(Object.keys(v.stored.Item).sort());
  });

  describeResultStoreContract(() => createResultStore({ client: stack.dynamo, table: stack.table }), {
    concurrency: 25,
  });
});
