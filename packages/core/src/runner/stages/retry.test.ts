import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../codec/index.js';
import { sqsMessage, testRunner } from '../../testing/index.js';
import { tasks } from '../__fixtures__/stageTasks.js';

describe('processMessage: retries', () => {
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
    const retried = decodeMessage('envelope', must(publisher.published[0]).envelope);
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
    expect(new Date(must(retried.eta)).toISOString()).toBe('2026-11-23T12:00:10.000Z');
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
    const retried = decodeMessage('envelope', must(publisher.published[0]).envelope);
    expect(new Date(must(retried.eta)).toISOString()).toBe('2026-11-23T12:03:00.000Z');
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
});
