import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { loadVector } from '../../test/vectors.js';
import { decodeMessage } from '../codec/index.js';
import { TaskRegistry } from '../runner/TaskRegistry.js';
import { defineTask } from '../runner/defineTask.js';
import { TaskError } from '../runner/errors.js';
import { sqsMessage, testRunner } from '../testing/index.js';
import type { SignatureDict, WireValue } from '../types.js';

const tasks = new TaskRegistry().register(
  defineTask('proj.add', (_ctx, a: number, b: number) => a + b),
  defineTask('proj.mul', (_ctx, a: number, b: number) => a * b),
  defineTask('proj.tsum', (_ctx, values: number[]) => values.reduce((x, y) => x + y, 0)),
  defineTask('proj.fail', (_ctx, ..._args: unknown[]) => {
    throw new TaskError({ excType: 'ValueError', excModule: 'builtins', excMessage: ['mid'] });
  }),
  defineTask('proj.on_err', (_ctx, failedId: string) => `handled ${failedId}`),
);

function sig(task: string, args: WireValue[], options: Record<string, WireValue> = {}): SignatureDict {
  return { task, args, kwargs: {}, options, subtask_type: null, immutable: false };
}

function published(publisher: { published: Array<{ envelope: Parameters<typeof decodeMessage>[1] }> }) {
  return publisher.published.map((p) => decodeMessage('envelope', p.envelope));
}

describe('link callbacks', () => {
  it('publish the callback with the result prepended, parent and root set, and list it in children', async () => {
    const { runner, backend, publisher, drain } = testRunner({ tasks });
    await runner.runBatch([
      sqsMessage({
        id: 'link-1',
        task: 'proj.add',
        args: [1, 2],
        callbacks: [sig('proj.mul', [3], { task_id: 'cb-1' })],
      }),
    ]);
    const [callback] = published(publisher);
    expect(callback).toMatchObject({
      id: 'cb-1',
      task: 'proj.mul',
      args: [3, 3],
      parent_id: 'link-1',
      root_id: 'link-1',
    });
    expect((await backend.get('link-1'))?.children).toEqual([[['cb-1', null], null]]);
    await drain();
    expect((await backend.get('cb-1'))?.result).toBe(9);
  });

  it('keep immutable callbacks from receiving the result', async () => {
    const { runner, publisher } = testRunner({ tasks });
    const immutable = { ...sig('proj.add', [5, 5]), immutable: true };
    await runner.runBatch([sqsMessage({ id: 'p', task: 'proj.add', args: [1, 2], callbacks: [immutable] })]);
    expect(published(publisher)[0]?.args).toEqual([5, 5]);
  });

  it('give an unfrozen callback the same derived id on every redelivery', async () => {
    const first = testRunner({ tasks });
    const second = testRunner({ tasks });
    for (const { runner } of [first, second]) {
      await runner.runBatch([
        sqsMessage({ id: 'p', task: 'proj.add', args: [1, 2], callbacks: [sig('proj.mul', [2])] }),
      ]);
    }
    const [a, b] = [must(published(first.publisher)[0]), must(published(second.publisher)[0])];
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.id).toBe(b.id);
  });

  it('publish several plain callbacks together as one group', async () => {
    const { runner, backend, publisher } = testRunner({ tasks });
    const callbacks = [sig('proj.mul', [2], { task_id: 'a' }), sig('proj.mul', [3], { task_id: 'b' })];
    await runner.runBatch([sqsMessage({ id: 'p', task: 'proj.add', args: [1, 2], callbacks })]);
    const [a, b] = published(publisher);
    expect(a?.group).toBeTruthy();
    expect([a?.group_index, b?.group_index, b?.group]).toEqual([0, 1, a?.group]);
    expect((await backend.get('p'))?.children).toEqual([
      [
        [must(must(a).group), null],
        [
          [['a', null], null],
          [['b', null], null],
        ],
      ],
    ]);
  });

  it('do not run on failure', async () => {
    const { runner, publisher } = testRunner({ tasks });
    await runner.runBatch([sqsMessage({ id: 'p', task: 'proj.fail', callbacks: [sig('proj.mul', [2])] })]);
    expect(publisher.published).toEqual([]);
  });
});

describe('link_error errbacks', () => {
  it('are published on failure as a group called with the failed task id', async () => {
    const { runner, backend, publisher, drain } = testRunner({ tasks });
    await runner.runBatch([
      sqsMessage({
        id: 'linkerr-1',
        task: 'proj.fail',
        errbacks: [sig('proj.on_err', [], { task_id: 'eb-1' })],
      }),
    ]);
    const [errback] = published(publisher);
    expect(errback).toMatchObject({
      id: 'eb-1',
      task: 'proj.on_err',
      args: ['linkerr-1'],
      parent_id: 'linkerr-1',
      root_id: 'linkerr-1',
      group_index: 0,
    });
    expect(errback?.group).toBeTruthy();
    await drain();
    expect((await backend.get('eb-1'))?.result).toBe('handled linkerr-1');
  });

  it('are not published on success or retry', async () => {
    const { runner, publisher } = testRunner({ tasks });
    await runner.runBatch([
      sqsMessage({ id: 'p', task: 'proj.add', args: [1, 1], errbacks: [sig('proj.on_err', [])] }),
    ]);
    expect(publisher.published).toEqual([]);
  });
});

describe('chains', () => {
  // chain(add.s(1, 2), mul.s(10), add.s(4)) as the client sends it: the rest reversed.
  const chain = [sig('proj.add', [4], { task_id: 'c3' }), sig('proj.mul', [10], { task_id: 'c2' })];

  it('run step by step, each passing its result on: (1 + 2) * 10 + 4 = 34', async () => {
    const { runner, backend, publisher, drain } = testRunner({ tasks });
    await runner.runBatch([sqsMessage({ id: 'c1', task: 'proj.add', args: [1, 2], chain })]);
    expect(published(publisher)[0]).toMatchObject({
      id: 'c2',
      args: [3, 10],
      parent_id: 'c1',
      root_id: 'c1',
      chain: [chain[0]],
    });
    expect((await backend.get('c1'))?.children).toEqual([[['c2', null], null]]);
    await drain();
    expect(published(publisher)[1]).toMatchObject({
      id: 'c3',
      args: [30, 4],
      parent_id: 'c2',
      root_id: 'c1',
      chain: [],
    });
    expect((await backend.get('c3'))?.result).toBe(34);
  });

  it('fail every remaining step with the failing step exception, so chain.get() returns', async () => {
    const { runner, backend, publisher, drain } = testRunner({ tasks });
    const rest = [
      sig('proj.add', [4], { task_id: 'k4' }),
      sig('proj.add', [3], { task_id: 'k3' }),
      sig('proj.fail', [], { task_id: 'k2' }),
    ];
    await runner.runBatch([sqsMessage({ id: 'k1', task: 'proj.add', args: [1, 1], chain: rest })]);
    await drain();
    const failed = await backend.get('k2');
    expect(failed?.status).toBe('FAILURE');
    for (const id of ['k3', 'k4']) {
      const meta = await backend.get(id);
      expect(meta).toMatchObject({ status: 'FAILURE', result: failed?.result, traceback: failed?.traceback });
      expect(meta?.parent_id).toBeUndefined();
    }
    expect(published(publisher).map((m) => m.id)).toEqual(['k2']);
  });

  it('match the next-step message Celery publishes (chain-next-step vector, 5.6.3)', async () => {
    const { runner, publisher } = testRunner({
      tasks: new TaskRegistry().register(defineTask('proj.tasks.add', (_c, a: number, b: number) => a + b)),
    });
    const { loadVectors } = await import('../../test/vectors.js');
    const vectors = loadVectors('messages/sqs/5.6.3');
    const first = must(vectors.find((v) => v.name.endsWith('chain-3.json'))).data;
    const next = must(vectors.find((v) => v.name.endsWith('chain-next-step.json'))).data.expect as Record<
      string,
      unknown
    >;
    await runner.runBatch([{ messageId: 'm', transport: 'sqs', payload: first.raw as string }]);
    const ours = must(published(publisher)[0]);
    const { origin: _origin, headers: _h, properties: _p, ...rest } = ours;
    const expected = Object.fromEntries(Object.entries(next).filter(([k]) => k in rest && k !== 'origin'));
    expect(Object.fromEntries(Object.entries(rest).filter(([k]) => k in expected))).toEqual(expected);
    expect(ours.origin).toMatch(/^gen\d+@/);
  });
});

describe('canvas errors', () => {
  it('fail the task with CanvasError when a callback cannot be applied, and ack', async () => {
    const { runner, backend } = testRunner({ tasks });
    const chunks = {
      ...sig('celery.chunks', []),
      subtask_type: 'chunks',
      kwargs: { task: sig('proj.add', []), it: [1], n: 0 },
    };
    const [outcome] = await runner.runBatch([
      sqsMessage({ id: 'p', task: 'proj.add', args: [1, 2], callbacks: [chunks] }),
    ]);
    expect(outcome).toMatchObject({ action: 'ack', state: 'FAILURE' });
    expect((await backend.get('p'))?.result).toMatchObject({
      exc_type: 'CanvasError',
      exc_module: 'celery_cloud.errors',
      exc_message: ['chunks needs kwargs.it (a list) and kwargs.n (a positive integer)'],
    });
  });

  it('redeliver, storing nothing, when the next step cannot be published', async () => {
    const { runner, backend, publisher } = testRunner({ tasks });
    publisher.failNextPublishes(1);
    const [outcome] = await runner.runBatch([
      sqsMessage({
        id: 'c1',
        task: 'proj.add',
        args: [1, 2],
        chain: [sig('proj.add', [1], { task_id: 'c2' })],
      }),
    ]);
    expect(outcome).toMatchObject({ action: 'redeliver' });
    expect(await backend.get('c1')).toBeNull();
  });
});

describe('routing of published steps', () => {
  it('uses the signature queue, else CELERY_TASK_ROUTES, else the default queue', async () => {
    const { runner, publisher } = testRunner({
      tasks,
      taskRoutes: { 'proj.m*': { queue: 'math' } },
      defaultQueue: 'jobs',
    });
    const callbacks = [sig('proj.mul', [2]), sig('proj.add', [1]), sig('proj.add', [1], { queue: 'fast' })];
    await runner.runBatch([sqsMessage({ id: 'p', task: 'proj.add', args: [1, 2], callbacks })]);
    expect(publisher.published.map((p) => p.queue)).toEqual(['math', 'jobs', 'fast']);
    expect(publisher.published.map((p) => decodeMessage('envelope', p.envelope).routing_key)).toEqual([
      'math',
      'jobs',
      'fast',
    ]);
  });

  it('carries countdown as an eta and a transport delay', async () => {
    const { runner, publisher } = testRunner({ tasks });
    await runner.runBatch([
      sqsMessage({
        id: 'p',
        task: 'proj.add',
        args: [1, 2],
        callbacks: [sig('proj.mul', [2], { countdown: 30 })],
      }),
    ]);
    expect(decodeMessage('envelope', must(publisher.published[0]).envelope).eta).toBe(
      '2026-11-23T12:00:30+00:00',
    );
    expect(publisher.published[0]?.delaySeconds).toBe(30);
  });
});

describe('Task.replace messages', () => {
  it('run under the replaced task id, whose client keeps polling it (replace vector, 5.6.3)', async () => {
    const named = new TaskRegistry().register(
      defineTask('proj.tasks.add', (_c, a: number, b: number) => a + b),
    );
    const { runner, backend } = testRunner({ tasks: named });
    const vector = loadVector('messages/sqs/5.6.3/replace.json').data as {
      raw: string;
      expect: { id: string };
    };
    await runner.runBatch([{ messageId: 'm', transport: 'sqs', payload: vector.raw }]);
    expect(await backend.get(vector.expect.id)).toMatchObject({ status: 'SUCCESS', result: 105 });
  });
});
