import { describe, expect, it } from 'vitest';
import type { ExecutorPlugin } from '../../ports.js';
import { sqsMessage, testRunner } from '../../testing/index.js';
import { stored, tasks } from '../__fixtures__/stageTasks.js';

describe('processMessage: execution under time limits', () => {
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
