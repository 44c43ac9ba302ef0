import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { loadVector } from '../../../test/vectors.js';
import { decodeMessage, encodeTaskMessage } from '../../codec/index.js';
import { MemoryPublisher } from '../../memory/MemoryPublisher.js';
import { sqsMessage, testRunner } from '../../testing/index.js';
import { NOW, calls, tasks } from '../__fixtures__/stageTasks.js';

describe('processMessage: the gate: decode, routing, expiry, eta, duplicates', () => {
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
    const republished = decodeMessage('envelope', must(publisher.published[0]).envelope);
    expect(republished).toMatchObject({
      id: 't9',
      task: 'proj.add',
      args: [1, 2],
      retries: 0,
      parent_id: null,
    });
    expect(new Date(must(republished.eta)).getTime()).toBe(new Date(eta).getTime());
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

  it('redelivers when the store cannot be read for a redelivered message', async () => {
    const { runner, backend } = testRunner({ tasks });
    backend.failNextReads(1);
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 'down2', task: 'proj.add', args: [1, 1] }, { receiveCount: 2 }),
    ]);
    expect(outcome).toMatchObject({ action: 'redeliver', taskId: 'down2' });
  });
});
