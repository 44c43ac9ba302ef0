import { describe, expect, it } from 'vitest';
import { interopTasks } from './interopTasks.js';
import { sqsMessage, testRunner } from './testRunner.js';

describe('interopTasks', () => {
  it('runs the interop tasks and counts the runs of each task id', async () => {
    const { tasks, runs } = interopTasks();
    const { runner, backend } = testRunner({ tasks });
    await runner.runBatch([
      sqsMessage({ id: 'a1', task: 'proj.add', args: [2, 3] }),
      sqsMessage({ id: 't1', task: 'proj.tsum', args: [[1, 2, 3]] }),
      sqsMessage({ id: 'f1', task: 'proj.fail', args: ['boom'] }),
    ]);
    expect(await backend.get('a1')).toMatchObject({ status: 'SUCCESS', result: 5 });
    expect(await backend.get('t1')).toMatchObject({ status: 'SUCCESS', result: 6 });
    expect(await backend.get('f1')).toMatchObject({
      status: 'FAILURE',
      result: { exc_type: 'ValueError', exc_module: 'builtins', exc_message: ['boom'] },
    });
    expect(Object.fromEntries(runs)).toEqual({ a1: 1, t1: 1, f1: 1 });
  });

  it('makes a new registry and count on every call, to which a suite adds its own tasks', () => {
    const first = interopTasks();
    const second = interopTasks();
    expect(first.tasks).not.toBe(second.tasks);
    expect(first.runs).not.toBe(second.runs);
    expect(first.tasks.names()).toEqual([
      'proj.add',
      'proj.mul',
      'proj.tsum',
      'proj.fail',
      'proj.on_err',
      'proj.flaky',
      'proj.when',
    ]);
  });
});
