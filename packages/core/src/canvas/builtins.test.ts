import { describe, expect, it } from 'vitest';
import { loadVector } from '../../test/vectors.js';
import { decodeMessage } from '../codec/index.js';
import { TaskRegistry } from '../runner/TaskRegistry.js';
import { defineTask } from '../runner/defineTask.js';
import { TaskError } from '../runner/errors.js';
import { sqsMessage, testRunner } from '../testing/index.js';
import type { SignatureDict } from '../types.js';

const tasks = new TaskRegistry().register(
  defineTask('proj.tasks.add', (_ctx, a: number, b: number) => a + b),
  defineTask('proj.tasks.tsum', (_ctx, values: number[]) => values.reduce((x, y) => x + y, 0)),
  defineTask('proj.tasks.bad', () => {
    throw new TaskError({ excType: 'ValueError', excModule: 'builtins', excMessage: ['bad'] });
  }),
);

const add: SignatureDict = {
  task: 'proj.tasks.add',
  args: [],
  kwargs: {},
  options: {},
  subtask_type: null,
  immutable: false,
};

function vector(path: string) {
  const data = loadVector(path).data as { raw: string; expect: { id: string } };
  return { inbound: { messageId: 'm', transport: 'sqs' as const, payload: data.raw }, id: data.expect.id };
}

describe('built-in tasks', () => {
  it('celery.map calls the task in process with each item as its one argument', async () => {
    const { runner, backend } = testRunner({ tasks });
    const tsum = { ...add, task: 'proj.tasks.tsum' };
    await runner.runBatch([
      sqsMessage({
        id: 'map-1',
        task: 'celery.map',
        kwargs: {
          task: tsum,
          it: [
            [1, 2],
            [3, 4],
          ],
        },
      }),
    ]);
    expect(await backend.get('map-1')).toMatchObject({ status: 'SUCCESS', result: [3, 7] });
  });

  it('celery.starmap unpacks each item into arguments (starmap vector, 5.2.6)', async () => {
    const { runner, backend } = testRunner({ tasks });
    const { inbound, id } = vector('messages/sqs/5.2.6/starmap.json');
    await runner.runBatch([inbound]);
    expect(await backend.get(id)).toMatchObject({ status: 'SUCCESS', result: [3, 7] });
  });

  it('celery.map fails with the first failing item exception', async () => {
    const { runner, backend } = testRunner({ tasks });
    const bad = { ...add, task: 'proj.tasks.bad' };
    await runner.runBatch([sqsMessage({ id: 'm1', task: 'celery.map', kwargs: { task: bad, it: [1] } })]);
    expect((await backend.get('m1'))?.result).toMatchObject({ exc_type: 'ValueError' });
  });

  it('celery.map fails with NotRegistered for a task nothing routes', async () => {
    const { runner, backend } = testRunner({ tasks });
    await runner.runBatch([
      sqsMessage({ id: 'm2', task: 'celery.map', kwargs: { task: { ...add, task: 'proj.nope' }, it: [1] } }),
    ]);
    expect((await backend.get('m2'))?.result).toMatchObject({
      exc_type: 'NotRegistered',
      exc_message: ['proj.nope'],
    });
  });

  it('celery.chunks publishes a group of celery.starmap tasks of n items each', async () => {
    const { runner, backend, publisher, drain } = testRunner({ tasks });
    await runner.runBatch([
      sqsMessage({
        id: 'ch',
        task: 'celery.chunks',
        args: [
          add,
          [
            [1, 2],
            [3, 4],
            [5, 6],
          ],
          2,
        ],
      }),
    ]);
    const parts = publisher.published.map((p) => decodeMessage('envelope', p.envelope));
    expect(parts.map((p) => [p.task, p.kwargs.it, p.group_index])).toEqual([
      [
        'celery.starmap',
        [
          [1, 2],
          [3, 4],
        ],
        0,
      ],
      ['celery.starmap', [[5, 6]], 1],
    ]);
    await drain();
    expect(await Promise.all(parts.map(async (p) => (await backend.get(p.id))?.result))).toEqual([
      [3, 7],
      [11],
    ]);
  });

  it('celery.chord applies its header and calls the body with their results', async () => {
    const { runner, backend, drain } = testRunner({ tasks });
    const body = { ...add, task: 'proj.tasks.tsum', options: { task_id: 'body' } };
    const header = [
      { ...add, args: [1, 1] },
      { ...add, args: [2, 2] },
    ];
    await runner.runBatch([sqsMessage({ id: 'chord', task: 'celery.chord', args: [header, body] })]);
    await drain();
    expect(await backend.get('body')).toMatchObject({ status: 'SUCCESS', result: 6 });
  });

  it('celery.accumulate returns the argument at index, or all of them', async () => {
    const { runner, backend } = testRunner({ tasks });
    await runner.runBatch([
      sqsMessage({ id: 'a1', task: 'celery.accumulate', args: [1, 2, 3], kwargs: { index: 1 } }),
      sqsMessage({ id: 'a2', task: 'celery.accumulate', args: [1, 2, 3] }),
    ]);
    expect([(await backend.get('a1'))?.result, (await backend.get('a2'))?.result]).toEqual([2, [1, 2, 3]]);
  });

  it('celery.chain is not a runnable task, as in Celery', async () => {
    const { runner, backend } = testRunner({ tasks });
    await runner.runBatch([sqsMessage({ id: 'c', task: 'celery.chain' })]);
    expect((await backend.get('c'))?.result).toMatchObject({ exc_type: 'NotImplementedError' });
  });

  it('celery.backend_cleanup succeeds and stores nothing (ignore_result)', async () => {
    const { runner, backend } = testRunner({ tasks });
    const [outcome] = await runner.runBatch([sqsMessage({ id: 'bc', task: 'celery.backend_cleanup' })]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'SUCCESS' });
    expect(backend.writes).toEqual([]);
  });

  it('celery.group publishes each task with the group id and the partial args', async () => {
    const { runner, publisher } = testRunner({ tasks });
    await runner.runBatch([
      sqsMessage({ id: 'g', task: 'celery.group', args: [[add, add], null, 'gid', [5]] }),
    ]);
    const parts = publisher.published.map((p) => decodeMessage('envelope', p.envelope));
    expect(parts.map((p) => [p.group, p.args])).toEqual([
      ['gid', [5]],
      ['gid', [5]],
    ]);
  });

  it('a chord inside a chain runs when the chain reaches it (chain-with-group vector, 5.6.3)', async () => {
    const { runner, backend, drain } = testRunner({ tasks });
    const { inbound } = vector('messages/sqs/5.6.3/chain-with-group.json');
    await runner.runBatch([inbound]);
    await drain();
    // add(1, 1) = 2 → header add(2, 1), add(2, 2) → tsum([3, 4]) in the body the client froze.
    expect(await backend.get('f5030f79-3820-5dd2-a0e9-4d6951500ddd')).toMatchObject({
      status: 'SUCCESS',
      result: 7,
    });
  });
});
