import { describe, expect, it } from 'vitest';
import { MemoryResultStore } from '../memory/MemoryResultStore.js';
import { sqsMessage, testRunner } from '../testing/index.js';
import { TaskRegistry } from './TaskRegistry.js';
import { defineRemoteFunction } from './defineRemoteFunction.js';
import { defineTask } from './defineTask.js';

describe('ctx.updateState (Celery update_state)', () => {
  it('stores PROGRESS with the meta as result mid-task, then the final state over it', async () => {
    const seen: unknown[] = [];
    const backend = new MemoryResultStore();
    const tasks = new TaskRegistry().register(
      defineTask('proj.progress', async (ctx, total: number) => {
        for (let i = 1; i <= total; i += 1) {
          expect(await ctx.updateState('PROGRESS', { current: i, total })).toBe(true);
          seen.push(await backend.get(ctx.id));
        }
        return total;
      }),
    );
    const { runner } = testRunner({ tasks, backend, resultExtended: true });
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 'p1', task: 'proj.progress', args: [2], group: 'g1', parent_id: 'parent' }),
    ]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'SUCCESS' });
    expect(seen).toEqual([
      {
        task_id: 'p1',
        status: 'PROGRESS',
        result: { current: 1, total: 2 },
        traceback: null,
        children: [],
        date_done: null,
        group_id: 'g1',
        parent_id: 'parent',
        request: {
          name: 'proj.progress',
          args: [2],
          kwargs: {},
          worker: 'celery@test',
          retries: 0,
          queue: 'celery',
        },
      },
      expect.objectContaining({ status: 'PROGRESS', result: { current: 2, total: 2 } }),
    ]);
    expect(await backend.get('p1')).toMatchObject({ status: 'SUCCESS', result: 2 });
  });

  it('stores any custom state name and a null meta, and refuses the states the runner writes', async () => {
    const tasks = new TaskRegistry().register(
      defineTask('proj.custom', async (ctx) => {
        await ctx.updateState('RESIZING');
        await expect(ctx.updateState('SUCCESS', 1)).rejects.toThrow(TypeError);
        await expect(ctx.updateState('FAILURE')).rejects.toThrow(TypeError);
        await expect(ctx.updateState('')).rejects.toThrow(TypeError);
        throw new Error('stop here');
      }),
    );
    const { runner, backend } = testRunner({ tasks });
    const states: string[] = [];
    const set = backend.set.bind(backend);
    backend.set = async (meta) => {
      states.push(`${meta.status}:${JSON.stringify(meta.result)}`);
      return set(meta);
    };
    await runner.runBatch([sqsMessage({ id: 'c1', task: 'proj.custom' })]);
    expect(states[0]).toBe('RESIZING:null');
    expect(states.slice(1).map((s) => s.split(':')[0])).toEqual(['FAILURE']);
  });

  it('ignores an update after the task ended (a task abandoned at the hard time limit)', async () => {
    let late: Promise<boolean> | undefined;
    let release: () => void = () => {};
    const tasks = new TaskRegistry().register(
      defineTask('proj.slow', async (ctx) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        late = ctx.updateState('PROGRESS', { late: true });
        return 1;
      }),
    );
    const { runner, backend } = testRunner({ tasks });
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 's1', task: 'proj.slow', timelimit: [0.05, null] }),
    ]);
    expect(outcome).toMatchObject({ state: 'FAILURE' });
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(await late).toBe(false);
    expect(await backend.get('s1')).toMatchObject({ status: 'FAILURE' });
  });

  it('is a no-op answering false in a remote function: the executor protocol has one answer per call', async () => {
    let written: boolean | undefined;
    const handler = defineRemoteFunction(async (ctx) => {
      written = await ctx.updateState('PROGRESS', { current: 1 });
      return 'done';
    });
    const answer = await handler.handle({
      protocol: 'celery-cloud/1',
      id: 'r1',
      task: 'remote.progress',
      args: [],
      kwargs: {},
      retries: 0,
      eta: null,
      expires: null,
      root_id: 'r1',
      parent_id: null,
      group: null,
      time_left_ms: 5000,
    });
    expect(answer).toMatchObject({ status: 'success', result: 'done' });
    expect(written).toBe(false);
  });
});
