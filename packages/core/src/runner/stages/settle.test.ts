import { describe, expect, it } from 'vitest';
import { sqsMessage, testRunner } from '../../testing/index.js';
import { NOW, calls, tasks } from '../__fixtures__/stageTasks.js';

describe('processMessage: settling and storing the outcome', () => {
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
});
