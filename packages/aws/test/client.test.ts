import { TaskFailedError, chain, chord, createClient, group } from '@celery-cloud/client';
import { TaskRegistry, defineTask } from '@celery-cloud/core';
import { type LocalAwsStackWithConfig, startLocalAwsStack } from '@celery-cloud/local/aws';
import { type CeleryWorker, hasPythonCelery, startCeleryWorker } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublisher, createResultStore, handlerFromEnv } from '../src/index.js';
import { localAwsFunction } from './fixtures/localAwsFunction.js';

const python = hasPythonCelery() ? describe : describe.skip;
if (!hasPythonCelery())
  console.warn('\n!!! SKIPPED: Debian python3-celery is not installed (scripts/bootstrap.sh) !!!\n');

function clientFor(stack: LocalAwsStackWithConfig) {
  return createClient({
    publisher: createPublisher({ client: stack.sqs, queueUrls: { celery: stack.queueUrl } }),
    backend: createResultStore({ client: stack.dynamo, table: stack.table }),
    // Celery 5.2 workers know no kombu type tags.
    typeTags: false,
  });
}

python('The TypeScript client with a real Python Celery 5.2 worker (SQS, DynamoDB)', () => {
  let stack: LocalAwsStackWithConfig;
  let worker: CeleryWorker;

  beforeAll(async () => {
    stack = await startLocalAwsStack();
    worker = startCeleryWorker(stack.python);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await stack?.stop();
  });

  it('sends tasks the worker runs, and reads the results its DynamoDB backend stores', async () => {
    const client = clientFor(stack);
    const add = client.task<[number, number], number>('proj.add');
    const [sum, failed] = [await add.delay(2, 3), await client.sendTask('proj.fail', ['no funds'])];
    expect(await sum.get({ timeout: 60 })).toBe(5);
    const error = await failed.get({ timeout: 60 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ excType: 'ValueError', excModule: 'builtins', excMessage: ['no funds'] });
    expect((error as TaskFailedError).traceback).toContain('ValueError: no funds');
    expect(await failed.state()).toBe('FAILURE');
  }, 90_000);

  it('sends chains and chords the worker completes', async () => {
    const client = clientFor(stack);
    const add = client.task<[number, number], number>('proj.add');
    const mul = client.task<[number, number], number>('proj.mul');
    const tsum = client.task<[number[]], number>('proj.tsum');
    const chained = await client.apply(chain(add.s(1, 2), mul.s(10), add.s(4)));
    const chorded = await client.apply(chord([add.s(1, 1), add.s(2, 2)], tsum.s()));
    expect(await chained.get({ timeout: 60 })).toBe(34);
    expect(await chorded.get({ timeout: 60 })).toBe(6);
  }, 90_000);
});

describe('The TypeScript client with our runner on the local AWS stack', () => {
  const tasks = new TaskRegistry().register(
    defineTask('proj.add', (_ctx, a: number, b: number) => a + b),
    defineTask('proj.when', (_ctx, when: Date) => when.toISOString()),
  );

  const local = localAwsFunction({
    handler: (stack) => handlerFromEnv(stack.env, { tasks }),
    mapping: { visibilityTimeoutSeconds: 5 },
  });

  it('reads what the runner stores: values, groups, and kombu 5.3+ tagged dates both ways', async () => {
    // Created from Celery-style URLs alone: the queue is found by name, as kombu finds it.
    const client = createClient({
      publisher: createPublisher({ url: local.stack.python.broker_url }),
      backend: createResultStore({ url: local.stack.python.backend_url }),
    });
    const add = client.task<[number, number], number>('proj.add');
    const members = await client.apply(group(add.s(1, 1), add.s(2, 2), add.s(3, 3)));
    const when = await client.task<[Date], string>('proj.when').delay(new Date('2026-01-02T03:04:05Z'));
    expect(await members.get({ timeout: 30 })).toEqual([2, 4, 6]);
    expect(await when.get({ timeout: 30 })).toBe('2026-01-02T03:04:05.000Z');
    expect(await members.successful()).toBe(true);
  }, 60_000);
});
