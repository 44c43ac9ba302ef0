import { describe, expect, it } from 'vitest';
import { loadVector } from '../../test/vectors.js';
import { decodeMessage, encodeTaskMessage } from '../codec/index.js';
import { MemoryPublisher } from '../memory/MemoryPublisher.js';
import type { ExecutorPlugin } from '../ports.js';
import { sqsMessage, testRunner } from '../testing/index.js';
import type { ResultMeta } from '../types.js';
import { TaskRegistry } from './TaskRegistry.js';
import { defineTask } from './defineTask.js';
import { TaskError } from './errors.js';

const NOW = '2026-11-23T12:00:00.000Z';
const calls: string[] = [];
const never = new Promise<never>(() => {});

const tasks = new TaskRegistry().register(
  defineTask('proj.add', (ctx, a: number, b: number) => {
    calls.push(ctx.id);
    return a + b;
  }),
  defineTask('proj.fail', () => {
    throw new TaskError({ excType: 'ValueError', excModule: 'builtins', excMessage: ['oops'] });
  }),
  defineTask('proj.range', () => {
    throw new RangeError('too big');
  }),
  defineTask('proj.flaky', (ctx, countdown?: number) =>
    ctx.retry(
      countdown === undefined
        ? {}
        : {
            countdown,
            exc: new TaskError({ excType: 'KeyError', excModule: 'builtins', excMessage: ['boom'] }),
          },
    ),
  ),
  defineTask('proj.flakyMax', (ctx) => ctx.retry({ maxRetries: 1 })),
  defineTask('proj.hang', () => never),
  defineTask('proj.softAware', async (ctx, handle: boolean) => {
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
    if (handle) return 'cleaned up';
    return ctx.signal.throwIfAborted();
  }),
);

function stored(backend: { writes: ResultMeta[] }, status: string): ResultMeta | undefined {
  return backend.writes.find((w) => w.status === status);
}

describe('processMessage', () => {
  it('stores SUCCESS with the return value, empty children and date_done, then acks', async () => {
    const { runner, backend } = testRunner({ tasks });
    const [outcome] = await runner.runBatch([sqsMessage({ id: 't1', task: 'proj.add', args: [2, 3] })]);
    expect(outcome).toEqual({ messageId: 'msg-t1', action: 'ack', taskId: 't1', state: 'SUCCESS' });
    expect(await backend.get('t1')).toEqual({
      task_id: 't1',
      status: 'SUCCESS',
      result: 5,
      traceback: null,
      children: [],
      date_done: new Date(NOW),
    });
  });

  it('stores the exact exception of a TaskError with a Python-shaped traceback', async () => {
    const { runner, backend } = testRunner({ tasks });
    await runner.runBatch([sqsMessage({ id: 't2', task: 'proj.fail' })]);
    const meta = await backend.get('t2');
    expect(meta?.status).toBe('FAILURE');
    expect(meta?.result).toEqual({ exc_type: 'ValueError', exc_message: ['oops'], exc_module: 'builtins' });
    expect(meta?.traceback).toMatch(
      /^Traceback \(most recent call last\):\n {2}File ".+", line \d+, in .+\n/,
    );
    expect(meta?.traceback?.endsWith('\nValueError: oops\n')).toBe(true);
    expect(meta?.date_done).toEqual(new Date(NOW));
  });

  it('maps a JS RangeError to builtins.ValueError', async () => {
    const { runner, backend } = testRunner({ tasks });
    await runner.runBatch([sqsMessage({ id: 't3', task: 'proj.range' })]);
    expect((await backend.get('t3'))?.result).toEqual({
      exc_type: 'ValueError',
      exc_message: ['too big'],
      exc_module: 'builtins',
    });
  });

  it('stores FAILURE NotRegistered for a task without a route and acks', async () => {
    const { runner, backend } = testRunner({ tasks });
    const [outcome] = await runner.runBatch([sqsMessage({ id: 't4', task: 'proj.unknown' })]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'FAILURE' });
    expect((await backend.get('t4'))?.result).toEqual({
      exc_type: 'NotRegistered',
      exc_message: ['proj.unknown'],
      exc_module: 'celery.exceptions',
    });
  });

  it('stores FAILURE DecodeError when the body is broken but the headers name the task', async () => {
    const { runner, backend } = testRunner({ tasks });
    const envelope = {
      ...encodeTaskMessage({ id: 't5', task: 'proj.add', args: [1, 2], kwargs: {} }),
      body: '%%%not-base64%%%',
    };
    const [outcome] = await runner.runBatch([{ messageId: 'm5', transport: 'envelope', payload: envelope }]);
    expect(outcome).toMatchObject({ action: 'ack', taskId: 't5', state: 'FAILURE' });
    expect((await backend.get('t5'))?.result).toMatchObject({
      exc_type: 'DecodeError',
      exc_module: 'kombu.exceptions',
    });
  });

  it('hands back an undecodable message without a task id, for the dead-letter queue, storing nothing', async () => {
    const { runner, backend, logger } = testRunner({ tasks });
    const [outcome] = await runner.runBatch([
      { messageId: 'm6', transport: 'sqs', payload: 'not a celery message' },
    ]);
    expect(outcome).toMatchObject({ messageId: 'm6', action: 'redeliver', taskId: null });
    expect(backend.writes).toEqual([]);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({ level: 'error', fields: { messageId: 'm6' } });
  });

  it('stores FAILURE ContentDisallowed for the captured pickle message and never runs it', async () => {
    const vector = loadVector('messages/sqs/5.6.3/pickle-refused.json').data as { raw: string };
    const { runner, backend } = testRunner({ tasks, routes: { 'proj.tasks.add': 'task://proj.add' } });
    calls.length = 0;
    const [outcome] = await runner.runBatch([{ messageId: 'm7', transport: 'sqs', payload: vector.raw }]);
    const id = 'e7f381c3-2cc6-50bd-9c44-4cd800e29c36';
    expect(outcome).toMatchObject({ action: 'ack', taskId: id, state: 'FAILURE' });
    expect((await backend.get(id))?.result).toMatchObject({
      exc_type: 'ContentDisallowed',
      exc_module: 'kombu.exceptions',
    });
    expect(calls).toEqual([]);
  });

  it('stores REVOKED TaskRevokedError("expired") with a null traceback when expires has passed', async () => {
    const { runner, backend } = testRunner({ tasks });
    calls.length = 0;
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 't8', task: 'proj.add', args: [1, 1], expires: '2026-11-23T11:59:59.000000+00:00' }),
    ]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'REVOKED' });
    expect(await backend.get('t8')).toMatchObject({
      status: 'REVOKED',
      result: { exc_type: 'TaskRevokedError', exc_message: ['expired'], exc_module: 'celery.exceptions' },
      traceback: null,
      date_done: new Date(NOW),
    });
    expect(calls).toEqual([]);
  });

  it('republishes a future eta message unchanged with a capped delay and does not run it', async () => {
    const { runner, backend, publisher } = testRunner({ tasks });
    calls.length = 0;
    const eta = '2026-11-23T12:00:30.500000+00:00';
    const [outcome] = await runner.runBatch([
      sqsMessage({
        id: 't9',
        task: 'proj.add',
        args: [1, 2],
        eta,
        routing_key: 'fast',
        custom_headers: { tenant: 'acme' },
        stamps: { origin_app: 'shop' },
      }),
      sqsMessage({ id: 't9b', task: 'proj.add', args: [1, 2], eta: '2026-11-23T14:00:00+00:00' }),
    ]);
    expect(outcome).toMatchObject({ action: 'ack', taskId: 't9', state: null });
    expect(calls).toEqual([]);
    expect(backend.writes).toEqual([]);
    expect(publisher.published.map((p) => [p.queue, p.delaySeconds])).toEqual([
      ['fast', 31],
      ['celery', 900],
    ]);
    const republished = decodeMessage('envelope', publisher.published[0]!.envelope);
    expect(republished).toMatchObject({
      id: 't9',
      task: 'proj.add',
      args: [1, 2],
      retries: 0,
      parent_id: null,
    });
    expect(new Date(republished.eta!).getTime()).toBe(new Date(eta).getTime());
  });

  it('redelivers a future eta message when there is no publisher to defer it', async () => {
    const { runner } = testRunner({ tasks, publisher: undefined });
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 't10', task: 'proj.add', args: [1, 2], eta: '2026-11-23T12:01:00+00:00' }),
    ]);
    expect(outcome).toMatchObject({ action: 'redeliver', taskId: 't10' });
    expect(outcome?.action === 'redeliver' && outcome.reason).toMatch(/due in 60s/);
  });

  it('hands a future eta message back, unpublished, when the transport has no native delay (Pub/Sub)', async () => {
    const publisher = new MemoryPublisher({ maxDelaySeconds: 0 });
    const { runner } = testRunner({ tasks, publisher });
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 't11', task: 'proj.add', args: [1, 2], eta: '2026-11-23T12:01:00+00:00' }),
    ]);
    expect(outcome).toMatchObject({
      action: 'redeliver',
      taskId: 't11',
      reason: 'eta not reached (due in 60s)',
    });
    expect(publisher.published).toEqual([]);
  });

  it('stores FAILURE DeadLetteredError when a message must be redelivered on its last allowed delivery', async () => {
    const { runner, backend } = testRunner({ tasks, publisher: undefined, maxReceiveCount: 3 });
    const message = sqsMessage({
      id: 'dl1',
      task: 'proj.add',
      args: [1, 2],
      eta: '2026-11-23T12:01:00+00:00',
    });
    const [early] = await runner.runBatch([{ ...message, receiveCount: 2 }]);
    expect(early).toMatchObject({ action: 'redeliver' });
    expect(await backend.get('dl1')).toBeNull();
    const [last] = await runner.runBatch([{ ...message, receiveCount: 3 }]);
    expect(last).toMatchObject({ action: 'redeliver', taskId: 'dl1' });
    expect(await backend.get('dl1')).toMatchObject({
      status: 'FAILURE',
      result: { exc_type: 'DeadLetteredError', exc_module: 'celery_cloud.errors' },
    });
  });

  it('publishes the retry message before storing RETRY, with the fields of docs/protocol.md §7.5', async () => {
    const { runner, backend, publisher } = testRunner({ tasks });
    const order: string[] = [];
    const publish = publisher.publish.bind(publisher);
    publisher.publish = async (envelope, options) => {
      order.push(`publish after ${backend.writes.length} writes`);
      return publish(envelope, options);
    };
    const [outcome] = await runner.runBatch([
      sqsMessage({
        id: 'r1',
        task: 'proj.flaky',
        args: [10],
        root_id: 'root-1',
        parent_id: 'p-0',
        group: 'g-1',
        timelimit: [30, 20],
        routing_key: 'slow',
        custom_headers: { tenant: 'acme' },
      }),
    ]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'RETRY' });
    expect(order).toEqual(['publish after 0 writes']);
    expect(publisher.published[0]).toMatchObject({ queue: 'slow', delaySeconds: 10 });
    const retried = decodeMessage('envelope', publisher.published[0]!.envelope);
    expect(retried).toMatchObject({
      id: 'r1',
      task: 'proj.flaky',
      args: [10],
      retries: 1,
      root_id: 'root-1',
      parent_id: 'r1',
      group: 'g-1',
      timelimit: [30, 20],
      routing_key: 'slow',
      custom_headers: { tenant: 'acme' },
    });
    expect(new Date(retried.eta!).toISOString()).toBe('2026-11-23T12:00:10.000Z');
    const meta = await backend.get('r1');
    expect(meta).toMatchObject({
      status: 'RETRY',
      result: { exc_type: 'KeyError', exc_message: ['boom'], exc_module: 'builtins' },
      children: [[['r1', null], null]],
      date_done: null,
      group_id: 'g-1',
      parent_id: 'p-0',
    });
    expect(meta?.traceback).toMatch(/\ncelery\.exceptions\.Retry: Retry in 10s\n$/);
  });

  it('retries after Celery default_retry_delay (180 s) when no countdown is given', async () => {
    const { runner, publisher } = testRunner({ tasks });
    await runner.runBatch([sqsMessage({ id: 'r2', task: 'proj.flaky' })]);
    const retried = decodeMessage('envelope', publisher.published[0]!.envelope);
    expect(new Date(retried.eta!).toISOString()).toBe('2026-11-23T12:03:00.000Z');
    expect(publisher.published[0]?.delaySeconds).toBe(180);
  });

  it('stores MaxRetriesExceededError once retries would exceed max_retries, publishing nothing', async () => {
    const { runner, backend, publisher } = testRunner({ tasks });
    await runner.runBatch([sqsMessage({ id: 'r3', task: 'proj.flakyMax', retries: 1 })]);
    expect(publisher.published).toEqual([]);
    expect(await backend.get('r3')).toMatchObject({
      status: 'FAILURE',
      result: { exc_type: 'MaxRetriesExceededError', exc_module: 'celery.exceptions' },
    });
  });

  it('stores the exception given to retry() when retries are exhausted (default max 3)', async () => {
    const { runner, backend } = testRunner({ tasks });
    await runner.runBatch([sqsMessage({ id: 'r4', task: 'proj.flaky', args: [5], retries: 3 })]);
    expect((await backend.get('r4'))?.result).toEqual({
      exc_type: 'KeyError',
      exc_message: ['boom'],
      exc_module: 'builtins',
    });
  });

  it('redelivers without storing RETRY when the retry cannot be published', async () => {
    const { runner, backend, publisher } = testRunner({ tasks });
    publisher.failNextPublishes(1);
    const [outcome] = await runner.runBatch([sqsMessage({ id: 'r5', task: 'proj.flaky', args: [5] })]);
    expect(outcome).toMatchObject({ action: 'redeliver', taskId: 'r5' });
    expect(backend.writes).toEqual([]);
  });

  it('does not store SUCCESS when the ignore_result header is set but still stores FAILURE', async () => {
    const { runner, backend } = testRunner({ tasks });
    const outcomes = await runner.runBatch([
      sqsMessage({ id: 'i1', task: 'proj.add', args: [1, 1], ignore_result: true }),
      sqsMessage({ id: 'i2', task: 'proj.fail', ignore_result: true }),
    ]);
    expect(outcomes.map((o) => o.action)).toEqual(['ack', 'ack']);
    expect(await backend.get('i1')).toBeNull();
    expect((await backend.get('i2'))?.status).toBe('FAILURE');
  });

  it('stores STARTED with pid and worker name before SUCCESS when trackStarted is on', async () => {
    const { runner, backend } = testRunner({ tasks, trackStarted: true });
    await runner.runBatch([sqsMessage({ id: 's1', task: 'proj.add', args: [1, 1], parent_id: 'p-1' })]);
    expect(backend.writes.map((w) => w.status)).toEqual(['STARTED', 'SUCCESS']);
    expect(stored(backend, 'STARTED')).toEqual({
      task_id: 's1',
      status: 'STARTED',
      result: { pid: process.pid, hostname: 'celery@test' },
      traceback: null,
      children: [],
      date_done: null,
      parent_id: 'p-1',
    });
  });

  it('adds the request fields to every meta when resultExtended is on', async () => {
    const { runner, backend } = testRunner({ tasks, resultExtended: true });
    await runner.runBatch([
      sqsMessage({ id: 'x1', task: 'proj.add', args: [2, 3], kwargs: {}, routing_key: 'q1' }),
    ]);
    expect((await backend.get('x1'))?.request).toEqual({
      name: 'proj.add',
      args: [2, 3],
      kwargs: {},
      worker: 'celery@test',
      retries: 0,
      queue: 'q1',
    });
  });

  it('stores TimeLimitExceeded with a null traceback when the task outlives its hard limit', async () => {
    const { runner, backend } = testRunner({ tasks });
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 'h1', task: 'proj.hang', timelimit: [0.05, null] }),
    ]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'FAILURE' });
    expect(await backend.get('h1')).toMatchObject({
      status: 'FAILURE',
      result: { exc_type: 'TimeLimitExceeded', exc_message: [0.05], exc_module: 'billiard.exceptions' },
      traceback: null,
    });
  });

  it('stops at the function deadline minus the safety margin when it comes before the task limit', async () => {
    const { runner, backend } = testRunner({ tasks, timeSafetyMarginMs: 2000 });
    await runner.runBatch([sqsMessage({ id: 'h2', task: 'proj.hang', timelimit: [60, null] })], {
      remainingTimeMs: () => 2040,
    });
    expect((await backend.get('h2'))?.result).toEqual({
      exc_type: 'TimeLimitExceeded',
      exc_message: [0.04],
      exc_module: 'billiard.exceptions',
    });
  });

  it('redelivers without running when less than the safety margin is left', async () => {
    const { runner, backend } = testRunner({ tasks, timeSafetyMarginMs: 2000 });
    const [outcome] = await runner.runBatch([sqsMessage({ id: 'h3', task: 'proj.add', args: [1, 1] })], {
      remainingTimeMs: () => 1500,
    });
    expect(outcome).toMatchObject({ action: 'redeliver', taskId: 'h3' });
    expect(backend.writes).toEqual([]);
  });

  it('fires the soft signal and stores SoftTimeLimitExceeded when the task then throws', async () => {
    const { runner, backend } = testRunner({ tasks });
    await runner.runBatch([
      sqsMessage({ id: 'soft1', task: 'proj.softAware', args: [false], timelimit: [5, 0.02] }),
    ]);
    const meta = await backend.get('soft1');
    expect(meta?.result).toEqual({
      exc_type: 'SoftTimeLimitExceeded',
      exc_message: [],
      exc_module: 'billiard.exceptions',
    });
    expect(meta?.traceback).toMatch(
      /^Traceback \(most recent call last\):\n[\s\S]*\nbilliard\.exceptions\.SoftTimeLimitExceeded: SoftTimeLimitExceeded\(\)\n$/,
    );
  });

  it('stores SUCCESS when the task handles the soft limit and returns', async () => {
    const { runner, backend } = testRunner({ tasks });
    await runner.runBatch([
      sqsMessage({ id: 'soft2', task: 'proj.softAware', args: [true], timelimit: [5, 0.02] }),
    ]);
    expect(await backend.get('soft2')).toMatchObject({ status: 'SUCCESS', result: 'cleaned up' });
  });

  it('acks a redelivered message already SUCCESS without running it again', async () => {
    const { runner, backend } = testRunner({ tasks });
    await backend.set({
      task_id: 'd1',
      status: 'SUCCESS',
      result: 2,
      traceback: null,
      children: [],
      date_done: new Date(NOW),
    });
    calls.length = 0;
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 'd1', task: 'proj.add', args: [1, 1] }, { receiveCount: 2 }),
    ]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'SUCCESS' });
    expect(calls).toEqual([]);
  });

  it('runs a redelivered message whose stored FAILURE belongs to an earlier retry', async () => {
    const { runner, backend } = testRunner({ tasks, resultExtended: true });
    const request = { name: 'proj.add', args: [1, 1], kwargs: {}, worker: 'w', retries: 0, queue: 'celery' };
    await backend.set({
      task_id: 'd2',
      status: 'FAILURE',
      result: null,
      traceback: null,
      children: [],
      date_done: null,
      request,
    });
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 'd2', task: 'proj.add', args: [1, 1], retries: 1 }, { receiveCount: 3 }),
    ]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'SUCCESS' });
  });

  it('reads nothing from the store on a first delivery of a client message', async () => {
    const { runner, backend } = testRunner({ tasks });
    await runner.runBatch([sqsMessage({ id: 'd3', task: 'proj.add', args: [1, 1] })]);
    expect(backend.reads).toBe(0);
  });

  it('skips a duplicate of a worker-published retry whose attempt already succeeded', async () => {
    const { runner, backend } = testRunner({ tasks, resultExtended: true });
    const retry = { id: 'd4', task: 'proj.add', args: [1, 1], retries: 1, parent_id: 'd4' };
    await runner.runBatch([sqsMessage(retry, { messageId: 'copy-1' })]);
    calls.length = 0;
    const [outcome] = await runner.runBatch([sqsMessage(retry, { messageId: 'copy-2' })]);
    expect(calls).toEqual([]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'SUCCESS' });
    expect(backend.writes.filter((w) => w.status === 'SUCCESS')).toHaveLength(1);
  });

  it('redelivers and logs the lost result when the store is down after execution', async () => {
    const { runner, backend, logger } = testRunner({ tasks });
    backend.failNextWrites(1);
    calls.length = 0;
    const [outcome] = await runner.runBatch([sqsMessage({ id: 'down1', task: 'proj.add', args: [1, 1] })]);
    expect(outcome).toMatchObject({ action: 'redeliver', taskId: 'down1' });
    expect(calls).toEqual(['down1']);
    expect(logger.lines[0]).toMatchObject({
      level: 'error',
      fields: { lostState: 'SUCCESS', lostResult: 2 },
    });
  });

  it('redelivers when the store cannot be read for a redelivered message', async () => {
    const { runner, backend } = testRunner({ tasks });
    backend.failNextReads(1);
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 'down2', task: 'proj.add', args: [1, 1] }, { receiveCount: 2 }),
    ]);
    expect(outcome).toMatchObject({ action: 'redeliver', taskId: 'down2' });
  });

  it('records group_id and parent_id of the request in the meta', async () => {
    const { runner, backend } = testRunner({ tasks });
    await runner.runBatch([
      sqsMessage({ id: 'g1', task: 'proj.add', args: [1, 1], group: 'grp-1', parent_id: 'p-9' }),
    ]);
    expect(await backend.get('g1')).toMatchObject({ group_id: 'grp-1', parent_id: 'p-9' });
  });

  it('lets a beforeSuccessStored hook add children before SUCCESS is stored', async () => {
    const { runner, backend } = testRunner({
      tasks,
      hooks: { beforeSuccessStored: [async ({ children }) => void children.push([['cb-1', null], null])] },
    });
    await runner.runBatch([sqsMessage({ id: 'k1', task: 'proj.add', args: [1, 1] })]);
    expect((await backend.get('k1'))?.children).toEqual([[['cb-1', null], null]]);
  });

  it('turns an executor that throws into a stored FAILURE', async () => {
    const broken: ExecutorPlugin = {
      scheme: 'broken',
      create: () => ({
        execute: () => {
          throw new TypeError('plugin bug');
        },
      }),
    };
    const { runner, backend } = testRunner({ plugins: [broken], routes: { 'proj.x': 'broken://x' } });
    const [outcome] = await runner.runBatch([sqsMessage({ id: 'b1', task: 'proj.x' })]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'FAILURE' });
    expect((await backend.get('b1'))?.result).toEqual({
      exc_type: 'TypeError',
      exc_message: ['plugin bug'],
      exc_module: 'builtins',
    });
  });
});

describe('processMessage with messages captured from Celery 5.6.3', () => {
  const vectorTasks = new TaskRegistry().register(
    defineTask('proj.tasks.add', (_ctx, a: number, b: number) => a + b),
  );
  const captured = (name: string) => {
    const vector = loadVector(`messages/sqs/5.6.3/${name}.json`).data as { raw: string };
    return { messageId: name, transport: 'sqs' as const, payload: vector.raw };
  };
  const at = (iso: string) => ({ now: () => new Date(iso) });

  it('runs plain args and a message with time limits to SUCCESS', async () => {
    const { runner, backend } = testRunner({ tasks: vectorTasks });
    await runner.runBatch([captured('plain-args'), captured('time-limits')]);
    expect((await backend.get('e1cfab9c-8ba0-5edf-8645-72e4bea16192'))?.result).toBe(5);
    expect((await backend.get('05426039-dac6-5dba-b5df-a6002e266894'))?.result).toBe(2);
  });

  it('stores nothing for the ignore_result message', async () => {
    const { runner, backend } = testRunner({ tasks: vectorTasks });
    const [outcome] = await runner.runBatch([captured('ignore-result')]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'SUCCESS' });
    expect(backend.writes).toEqual([]);
  });

  it('defers the countdown message until its eta, then revokes it once expired', async () => {
    const early = testRunner({ tasks: vectorTasks, clock: at('2025-06-01T12:00:00.250Z') });
    await early.runner.runBatch([captured('countdown-expires')]);
    expect(early.publisher.published.map((p) => p.delaySeconds)).toEqual([10]);
    expect(early.backend.writes).toEqual([]);

    const late = testRunner({ tasks: vectorTasks, clock: at('2025-06-01T12:01:00.250Z') });
    await late.runner.runBatch([captured('countdown-expires')]);
    expect((await late.backend.get('01acfa6c-3085-53a2-8407-37789f3c2913'))?.status).toBe('REVOKED');
  });
});
