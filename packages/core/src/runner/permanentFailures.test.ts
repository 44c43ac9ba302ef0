import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { decodeMessage, wrapForTransport } from '../codec/index.js';
import { MemoryPublisher } from '../memory/MemoryPublisher.js';
import { MemoryResultStore } from '../memory/MemoryResultStore.js';
import type { ExecutionResult, ExecutorPlugin } from '../ports.js';
import { sqsMessage, testRunner } from '../testing/index.js';
import type { ExceptionInfo, SignatureDict } from '../types.js';
import { TaskRegistry } from './TaskRegistry.js';
import { defineTask } from './defineTask.js';

let runs = 0;
const tasks = new TaskRegistry().register(
  defineTask('proj.big', (_ctx, size: number) => {
    runs += 1;
    return 'x'.repeat(size);
  }),
  defineTask('proj.echo', (_ctx, value: unknown) => value),
  defineTask('proj.retryIn', (ctx, countdown: number) => ctx.retry({ countdown })),
);

/** A route answering with the given execution result, as an HTTP endpoint would. */
function answering(result: ExecutionResult): ExecutorPlugin {
  return { scheme: 'fixed', create: () => ({ execute: async () => result }) };
}

function exceptionOf(backend: MemoryResultStore, id: string): Promise<ExceptionInfo> {
  return backend.get(id).then((meta) => {
    expect(meta?.status).toBe('FAILURE');
    return must(meta).result as unknown as ExceptionInfo;
  });
}

function signature(task: string, args: unknown[] = []): SignatureDict {
  return { task, args, kwargs: {}, options: {}, subtask_type: null, immutable: false } as SignatureDict;
}

describe('failures no redelivery can cure', () => {
  it('stores FAILURE ResultTooLarge when the result exceeds the store item limit, runs the task once and acks', async () => {
    runs = 0;
    const backend = new MemoryResultStore({ maxMetaBytes: 4000 });
    const { runner } = testRunner({ tasks, backend });
    const [outcome] = await runner.runBatch([sqsMessage({ id: 'big-1', task: 'proj.big', args: [10_000] })]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'FAILURE' });
    expect(runs).toBe(1);
    const exception = await exceptionOf(backend, 'big-1');
    expect(exception).toMatchObject({ exc_type: 'ResultTooLarge', exc_module: 'celery_cloud.errors' });
    expect(String(exception.exc_message[0])).toContain('exceeds');
  });

  it('stores the result without the extended args when only the echoed args make it too large', async () => {
    const backend = new MemoryResultStore({ maxMetaBytes: 4000 });
    const { runner, logger } = testRunner({ tasks, backend, resultExtended: true });
    const huge = 'a'.repeat(6000);
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 'echo-1', task: 'proj.echo', args: ['ok'], kwargs: { huge } }),
    ]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'SUCCESS' });
    const meta = await backend.get('echo-1');
    expect(meta).toMatchObject({
      status: 'SUCCESS',
      result: 'ok',
      request: { name: 'proj.echo', args: [], kwargs: {} },
    });
    expect(logger.lines.at(-1)?.fields.requestTrimmed).toBe(true);
  });

  it('stores FAILURE kombu EncodeError for a result nested too deep to write', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1000; i++) deep = [deep];
    const strict = new MemoryResultStore({ maxMetaBytes: 10_000_000 });
    const { runner } = testRunner({
      backend: strict,
      routes: { 'proj.deep': 'fixed://x' },
      plugins: [answering({ status: 'success', value: deep as never })],
    });
    const [outcome] = await runner.runBatch([sqsMessage({ id: 'deep-1', task: 'proj.deep' })]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'FAILURE' });
    expect(await exceptionOf(strict, 'deep-1')).toMatchObject({
      exc_type: 'EncodeError',
      exc_module: 'kombu.exceptions',
    });
  });

  it.each([
    ['an infinite countdown', { countdown: Number.POSITIVE_INFINITY }],
    ['a countdown past year 9999', { countdown: 1e300 }],
    ['a countdown that is not a number', { countdown: Number.NaN }],
    ['an eta that is not a date', { eta: 'tomorrow' }],
    ['max_retries that is not an integer', { countdown: 5, maxRetries: 2.5 }],
  ])('stores FAILURE InvalidRetry for %s and publishes nothing', async (_name, request) => {
    const { runner, backend, publisher } = testRunner({
      routes: { 'proj.r': 'fixed://x' },
      plugins: [answering({ status: 'retry', ...request })],
    });
    const [outcome] = await runner.runBatch([sqsMessage({ id: 'r-1', task: 'proj.r' })]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'FAILURE' });
    expect(await exceptionOf(backend, 'r-1')).toMatchObject({
      exc_type: 'InvalidRetry',
      exc_module: 'celery_cloud.errors',
    });
    expect(publisher.published).toHaveLength(0);
  });

  it('honours a retry answered with whole-number floats (5.0 s, max 10.0)', async () => {
    const { runner, publisher, clock } = testRunner({
      routes: { 'proj.r': 'fixed://x' },
      plugins: [answering({ status: 'retry', countdown: 5, maxRetries: 10 })],
    });
    await runner.runBatch([sqsMessage({ id: 'r-2', task: 'proj.r', retries: 9 })]);
    expect(publisher.published).toHaveLength(1);
    const retried = decodeMessage('sqs', wrapForTransport(must(publisher.published[0]).envelope, 'sqs'));
    expect(retried.retries).toBe(10);
    expect(new Date(must(retried.eta)).getTime() - clock.now().getTime()).toBe(5000);
  });

  it('stores FAILURE MessageTooLarge when the retry is too large for the queue', async () => {
    const publisher = new MemoryPublisher({ maxMessageBytes: 4000 });
    const { runner, backend } = testRunner({ tasks, publisher });
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 'rt-1', task: 'proj.retryIn', args: [5], kwargs: { pad: 'p'.repeat(5000) } }),
    ]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'FAILURE' });
    expect(await exceptionOf(backend, 'rt-1')).toMatchObject({ exc_type: 'MessageTooLarge' });
    expect(publisher.published).toHaveLength(0);
  });

  it('fails the task with MessageTooLarge when its next chain step is too large for the queue', async () => {
    const publisher = new MemoryPublisher({ maxMessageBytes: 4000 });
    const { runner, backend } = testRunner({ tasks, publisher });
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 'c-1', task: 'proj.big', args: [6000], chain: [signature('proj.echo')] }),
    ]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'FAILURE' });
    expect(await exceptionOf(backend, 'c-1')).toMatchObject({ exc_type: 'MessageTooLarge' });
  });

  it('writes the dead-letter FAILURE without the extended args, so it fits, and says so', async () => {
    const backend = new MemoryResultStore({ maxMetaBytes: 4000 });
    const { runner } = testRunner({
      tasks,
      backend,
      publisher: undefined,
      resultExtended: true,
      maxReceiveCount: 3,
    });
    const message = sqsMessage(
      { id: 'dl-1', task: 'proj.echo', args: ['a'.repeat(6000)], eta: '2099-01-01T00:00:00+00:00' },
      { receiveCount: 3 },
    );
    const [outcome] = await runner.runBatch([message]);
    expect(outcome).toMatchObject({ action: 'redeliver' });
    const meta = await backend.get('dl-1');
    expect(meta).toMatchObject({ status: 'FAILURE', request: { args: [], kwargs: {} } });
    const exception = must(meta).result as unknown as ExceptionInfo;
    expect(exception.exc_type).toBe('DeadLetteredError');
    expect(String(exception.exc_message[0])).toContain('args and kwargs left out of this result');
  });
});

describe('deduplicate', () => {
  it('runs a fresh message reusing the id of a finished task by default, as a Celery worker does', async () => {
    runs = 0;
    const { runner } = testRunner({ tasks });
    await runner.runBatch([sqsMessage({ id: 'd-1', task: 'proj.big', args: [1] })]);
    await runner.runBatch([sqsMessage({ id: 'd-1', task: 'proj.big', args: [1] }, { messageId: 'again' })]);
    expect(runs).toBe(2);
  });

  it("never runs a finished task id again with deduplicate: 'always'", async () => {
    runs = 0;
    const { runner, backend } = testRunner({ tasks, deduplicate: 'always' });
    await runner.runBatch([sqsMessage({ id: 'd-2', task: 'proj.big', args: [1] })]);
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 'd-2', task: 'proj.big', args: [1] }, { messageId: 'again' }),
    ]);
    expect(runs).toBe(1);
    expect(outcome).toMatchObject({ action: 'ack', state: 'SUCCESS' });
    expect(backend.reads).toBe(2);
  });
});
