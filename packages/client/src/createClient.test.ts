import { type ResultMeta, decodeMessage } from '@celery-cloud/core';
import { MemoryPublisher, MemoryResultStore } from '@celery-cloud/core/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AsyncResult } from './AsyncResult.js';
import type { GroupResult } from './GroupResult.js';
import { createClient } from './createClient.js';
import { chain, chord, group } from './signatures.js';

const NOW = new Date('2026-11-24T10:00:00.000Z');

function setup(options: Partial<Parameters<typeof createClient>[0]> = {}) {
  const publisher = new MemoryPublisher();
  const backend = new MemoryResultStore();
  const client = createClient({ publisher, backend, clock: { now: () => NOW }, ...options });
  const sent = () => publisher.published.map((p) => decodeMessage('envelope', p.envelope));
  return { publisher, backend, client, sent };
}

function done(id: string, result: unknown, status = 'SUCCESS'): ResultMeta {
  return { task_id: id, status, result, traceback: null, children: [], date_done: NOW };
}

describe('sendTask', () => {
  it('publishes a protocol-2 message with Celery options, as send_task does', async () => {
    const { client, publisher, sent } = setup({ taskRoutes: { 'proj.*': 'jobs' } });
    const result = await client.sendTask(
      'proj.add',
      [2, 3],
      { x: 1 },
      {
        task_id: 't-1',
        countdown: 10,
        expires: 60,
        priority: 5,
        time_limit: 30,
        soft_time_limit: 20,
        headers: { 'x-tenant': 'acme' },
        ignore_result: true,
      },
    );
    expect(result.id).toBe('t-1');
    expect(sent()[0]).toMatchObject({
      protocol: 2,
      id: 't-1',
      task: 'proj.add',
      args: [2, 3],
      kwargs: { x: 1 },
      eta: '2026-11-24T10:00:10+00:00',
      expires: '2026-11-24T10:01:00+00:00',
      priority: 5,
      timelimit: [30, 20],
      custom_headers: { 'x-tenant': 'acme' },
      ignore_result: true,
      root_id: 't-1',
      parent_id: null,
      routing_key: 'jobs',
    });
    expect(publisher.published[0]).toMatchObject({ queue: 'jobs', delaySeconds: 10 });
  });

  it('gives each message a new task id, and takes Date etas', async () => {
    const { client, sent } = setup();
    const [a, b] = [
      await client.sendTask('t'),
      await client.sendTask('t', [], {}, { eta: new Date('2026-11-24T10:05:00Z') }),
    ];
    expect(a.id).not.toBe(b.id);
    expect(sent()[1]?.eta).toBe('2026-11-24T10:05:00+00:00');
  });

  it('sends link and link_error signatures in the embed', async () => {
    const { client, sent } = setup();
    await client.sendTask(
      'proj.add',
      [1, 1],
      {},
      {
        link: client.signature('proj.mul', [3]),
        link_error: client.signature('proj.on_err'),
      },
    );
    expect(sent()[0]).toMatchObject({
      callbacks: [{ task: 'proj.mul', args: [3] }],
      errbacks: [{ task: 'proj.on_err', args: [] }],
    });
  });

  it('encodes dates and big integers as kombu 5.3+ type tags, or as 5.2 strings', async () => {
    const tagged = setup();
    await tagged.client.sendTask('t', [new Date('2026-01-01T00:00:00Z'), 2n ** 64n]);
    expect(tagged.sent()[0]?.args).toEqual([
      { __type__: 'datetime', __value__: '2026-01-01T00:00:00+00:00' },
      2n ** 64n,
    ]);
    const plain = setup({ typeTags: false });
    await plain.client.sendTask('t', [new Date('2026-01-01T00:00:00Z')]);
    expect(plain.sent()[0]?.args).toEqual(['2026-01-01T00:00:00Z']);
  });
});

describe('canvas', () => {
  it('sends a chain as its first task carrying the rest, reversed, with ids the result knows', async () => {
    const { client, backend, sent } = setup();
    const result = await client.apply(
      chain(
        client.signature('proj.add', [1, 2]),
        client.signature('proj.mul', [10]),
        client.signature('proj.add', [4]),
      ),
    );
    const [first] = sent();
    if (!first) throw new Error('nothing was sent');
    expect(sent()).toHaveLength(1);
    expect(first?.chain?.map((s) => [s.task, s.args])).toEqual([
      ['proj.add', [4]],
      ['proj.mul', [10]],
    ]);
    expect(result.id).toBe(first?.chain?.[0]?.options.task_id);
    // A failed first step fails the chain's result (it follows parents).
    await backend.set({
      ...done(first.id, null, 'FAILURE'),
      result: { exc_type: 'ValueError', exc_message: ['x'], exc_module: 'builtins' },
    });
    await expect(result.get({ timeout: 1 })).rejects.toMatchObject({
      name: 'TaskFailedError',
      taskId: first.id,
    });
  });

  it('sends a group as members sharing a group id, and gathers their results in order', async () => {
    const { client, backend, sent } = setup();
    const result = await client.apply(
      group(client.signature('proj.add', [1, 1]), client.signature('proj.add', [2, 2])),
    );
    expect(sent().map((m) => [m.group, m.group_index])).toEqual([
      [result.id, 0],
      [result.id, 1],
    ]);
    for (const [i, m] of sent().entries()) await backend.set(done(m.id, (i + 1) * 2));
    expect(await result.get({ timeout: 1 })).toEqual([2, 4]);
  });

  it('sends a chord with celery.chord_unlock first, as a Celery 5.2 client on DynamoDB does', async () => {
    const { client, sent } = setup();
    const result = await client.apply(
      chord([client.signature('proj.add', [1, 1])], client.signature('proj.tsum')),
    );
    const [unlock, header] = sent();
    expect(unlock).toMatchObject({
      task: 'celery.chord_unlock',
      ignore_result: true,
      eta: '2026-11-24T10:00:01+00:00',
    });
    expect(header?.chord?.options.task_id).toBe(result.id);
  });

  it('saves the group record instead in counter mode, as a Celery 5.4+ client does', async () => {
    const { client, backend, sent } = setup({ chordMode: 'counter' });
    await client.apply(chord([client.signature('proj.add', [1, 1])], client.signature('proj.tsum')));
    const [header] = sent();
    expect(sent().map((m) => m.task)).toEqual(['proj.add']);
    const group = header?.group;
    if (!group) throw new Error('the chord header was sent without its group');
    expect(await backend.getGroup(group)).toEqual([[group, null], [[[header.id, null], null]]]);
  });
});

describe('typed tasks', () => {
  it('type delay, applyAsync and get from one declaration', async () => {
    const { client, backend } = setup();
    const add = client.task<[number, number], number>('proj.add');
    const result = await add.delay(2, 3);
    expectTypeOf(result).toEqualTypeOf<AsyncResult<number>>();
    // @ts-expect-error a string is not a number
    await add.delay(2, 'three');
    // @ts-expect-error two arguments are declared
    await add.applyAsync([2]);
    await backend.set(done(result.id, 5));
    const value = await result.get({ timeout: 1 });
    expectTypeOf(value).toEqualTypeOf<number>();
    expect(value).toBe(5);
  });

  it('type a group result as a list of the members result', async () => {
    const { client } = setup();
    const add = client.task<[number, number], number>('proj.add');
    const result = await client.apply(group(add.s(1, 1), add.s(2, 2)));
    expectTypeOf(result).toEqualTypeOf<GroupResult<number>>();
    expectTypeOf(result.get()).resolves.toEqualTypeOf<number[]>();
    const last = await client.apply(chain(add.s(1, 1), client.task<[number], string>('proj.show').s()));
    expectTypeOf(last).toEqualTypeOf<AsyncResult<string>>();
  });
});
