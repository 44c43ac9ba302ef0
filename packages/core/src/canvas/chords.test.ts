import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeResultMeta } from '../codec/index.js';
import { TaskRegistry } from '../runner/TaskRegistry.js';
import { defineTask } from '../runner/defineTask.js';
import { TaskError } from '../runner/errors.js';
import { sqsMessage, testRunner } from '../testing/index.js';
import type { ResultTuple, SignatureDict, WireValue } from '../types.js';

const tasks = new TaskRegistry().register(
  defineTask('proj.add', (_ctx, a: number, b: number) => a + b),
  defineTask('proj.tsum', (_ctx, values: number[]) => values.reduce((x, y) => x + y, 0)),
  defineTask('proj.bad', () => {
    throw new TaskError({ excType: 'ValueError', excModule: 'builtins', excMessage: ['bad'] });
  }),
  defineTask('proj.on_err', (_ctx, id: string) => `errback for ${id}`),
);

function sig(task: string, args: WireValue[], options: Record<string, WireValue> = {}): SignatureDict {
  return { task, args, kwargs: {}, options, subtask_type: null, immutable: false };
}

const tuple = (id: string): ResultTuple => [[id, null], null];

/** What a Celery 5.2 client on DynamoDB sends for chord(header, body): chord_unlock, then the header. */
function unlockModeChord(gid: string, header: SignatureDict[], body: SignatureDict) {
  const ids = header.map((_, i) => `h${i}`);
  return [
    sqsMessage({
      id: 'unlock-1',
      task: 'celery.chord_unlock',
      args: [gid, body],
      kwargs: { interval: null, max_retries: null, result: ids.map(tuple) },
      eta: '2026-11-23T12:00:01+00:00',
      ignore_result: true,
    }),
    ...header.map((h, i) =>
      sqsMessage({ id: must(ids[i]), task: h.task, args: h.args, group: gid, group_index: i, chord: body }),
    ),
  ];
}

describe('chords with celery.chord_unlock (Celery 5.2/5.3 clients on DynamoDB)', () => {
  it('call the body with the header results in order once all are ready: sum of 2i for i<5 = 20', async () => {
    const { runner, backend, publisher, drain } = testRunner({ tasks });
    const header = [0, 1, 2, 3, 4].map((i) => sig('proj.add', [i, i]));
    const messages = unlockModeChord('g1', header, sig('proj.tsum', [], { task_id: 'body-1' }));
    // The unlock task arrives first and finds nothing ready: it retries itself, storing nothing.
    await runner.runBatch(messages.slice(0, 1));
    expect(publisher.published.map((p) => decodeMessage('envelope', p.envelope).task)).toEqual([
      'celery.chord_unlock',
    ]);
    expect(publisher.published[0]?.delaySeconds).toBeGreaterThan(0);
    expect(await backend.get('unlock-1')).toBeNull();
    await runner.runBatch(messages.slice(1));
    await drain();
    const body = publisher.published
      .map((p) => decodeMessage('envelope', p.envelope))
      .find((m) => m.id === 'body-1');
    expect(body).toMatchObject({
      args: [[0, 2, 4, 6, 8]],
      parent_id: 'unlock-1',
      root_id: 'unlock-1',
      group: null,
    });
    expect(await backend.get('body-1')).toMatchObject({ status: 'SUCCESS', result: 20 });
    expect(backend.writes.filter((w) => w.task_id === 'unlock-1')).toEqual([]);
  });

  it('fail the body with ChordError naming the failed member, and publish its errbacks', async () => {
    const { runner, backend, drain } = testRunner({ tasks });
    const body = sig('proj.tsum', [], {
      task_id: 'body-f',
      link_error: [sig('proj.on_err', [], { task_id: 'eb' })],
    });
    await runner.runBatch(unlockModeChord('g2', [sig('proj.add', [1, 1]), sig('proj.bad', [])], body));
    await drain();
    expect(await backend.get('body-f')).toMatchObject({
      status: 'FAILURE',
      result: { exc_type: 'ChordError', exc_message: ["ValueError('bad')"], exc_module: 'celery.exceptions' },
    });
    expect((await backend.get('eb'))?.result).toBe('errback for body-f');
  });
});

describe('chords with a counter (Celery 5.4+ clients on DynamoDB)', () => {
  it('reproduce the chord-counter vector: the last header part publishes the body, which stores its bytes', async () => {
    const { loadVectors } = await import('../../test/vectors.js');
    const vector = must(
      loadVectors('results/dynamodb/5.6.3').find((v) => v.name.endsWith('chord-counter.json')),
    ).data;
    const {
      group_id: gid,
      header,
      body: bodyId,
    } = vector.input as { group_id: string; header: string[]; body: string };
    const stored = vector.stored as { result_b64: string };
    const named = new TaskRegistry().register(
      defineTask('proj.tasks.add', (_c, a: number, b: number) => a + b),
      defineTask('proj.tasks.tsum', (_c, values: number[]) => values.reduce((x, y) => x + y, 0)),
    );
    const { runner, backend, publisher, clock, drain } = testRunner({ tasks: named, chordMode: 'counter' });
    // The client saved the group and a zeroed counter before sending the header.
    await backend.saveGroup(gid, [[gid, null], header.map(tuple)]);
    const body = sig('proj.tasks.tsum', [], { task_id: bodyId, group_id: gid });
    await runner.runBatch(
      [
        [1, 2],
        [3, 4],
      ].map((args, i) =>
        sqsMessage({
          id: must(header[i]),
          task: 'proj.tasks.add',
          args,
          group: gid,
          group_index: i,
          chord: body,
        }),
      ),
    );
    const [published] = publisher.published.map((p) => decodeMessage('envelope', p.envelope));
    expect(published).toMatchObject({
      id: bodyId,
      args: [[3, 7]],
      group: gid,
      parent_id: header[1],
      chord: null,
    });
    expect(await backend.getGroup(gid)).toBeNull();
    expect(backend.chordCounter(gid)).toBe(0);
    clock.set('2025-06-01T12:00:00.250Z');
    await drain();
    const meta = await backend.get(bodyId);
    expect(Buffer.from(encodeResultMeta(must(meta), { dateFormat: 'aware' })).toString('base64')).toBe(
      stored.result_b64,
    );
  });

  it('fail the body when the group record is gone', async () => {
    const { runner, backend } = testRunner({ tasks, chordMode: 'counter' });
    const body = sig('proj.tsum', [], { task_id: 'body-x' });
    await runner.runBatch([
      sqsMessage({ id: 'h0', task: 'proj.add', args: [1, 1], group: 'gone', chord: body }),
    ]);
    expect((await backend.get('body-x'))?.result).toMatchObject({
      exc_type: 'ChordError',
      exc_message: ['GroupResult gone no longer exists'],
    });
  });

  it('count failed header parts too, failing the body once the last part is in', async () => {
    const { runner, backend, publisher } = testRunner({ tasks, chordMode: 'counter' });
    await backend.saveGroup('g3', [
      ['g3', null],
      [tuple('a'), tuple('b')],
    ]);
    const body = sig('proj.tsum', [], { task_id: 'body-3' });
    await runner.runBatch([sqsMessage({ id: 'a', task: 'proj.bad', group: 'g3', chord: body })]);
    expect(await backend.get('body-3')).toBeNull();
    await runner.runBatch([
      sqsMessage({ id: 'b', task: 'proj.add', args: [1, 1], group: 'g3', chord: body }),
    ]);
    expect((await backend.get('body-3'))?.result).toMatchObject({ exc_message: ["ValueError('bad')"] });
    expect(publisher.published).toEqual([]);
  });

  it('publish the body exactly once when publishing it failed on the last part: its redelivery publishes it', async () => {
    const { runner, backend, publisher, logger } = testRunner({ tasks, chordMode: 'counter' });
    await backend.saveGroup('g5', [['g5', null], ['p0', 'p1'].map(tuple)]);
    const body = sig('proj.tsum', [], { task_id: 'body-5', group_id: 'g5' });
    const part = (id: string, i: number, receiveCount = 1) =>
      sqsMessage(
        { id, task: 'proj.add', args: [i, i], group: 'g5', group_index: i, chord: body },
        { receiveCount },
      );
    await runner.runBatch([part('p0', 0)]);
    publisher.failNextPublishes(1);
    // The last part counts the chord complete, but the body cannot be published: handed back.
    expect(await runner.runBatch([part('p1', 1)])).toMatchObject([{ action: 'redeliver' }]);
    expect(publisher.published).toEqual([]);
    expect(await backend.get('p1')).toMatchObject({ status: 'SUCCESS', result: 2 });
    // Its redelivery finds its SUCCESS stored (a duplicate) and publishes the body.
    expect(await runner.runBatch([part('p1', 1, 2)])).toMatchObject([{ action: 'ack' }]);
    // Later duplicates of either part find the chord done.
    await runner.runBatch([part('p1', 1, 3), part('p0', 0, 2)]);
    const bodies = publisher.published.map((p) => decodeMessage('envelope', p.envelope));
    expect(bodies).toMatchObject([{ id: 'body-5', args: [[0, 2]], group: 'g5' }]);
    expect(await backend.getGroup('g5')).toBeNull();
    expect(logger.lines.map((l) => l.message)).toContain('a redelivered chord part completes its chord');
  });

  it('leave a chord alone when a redelivered part finds other header parts still running', async () => {
    const { runner, backend, publisher } = testRunner({ tasks, chordMode: 'counter' });
    await backend.saveGroup('g6', [['g6', null], ['q0', 'q1'].map(tuple)]);
    const body = sig('proj.tsum', [], { task_id: 'body-6' });
    const q0 = (receiveCount: number) =>
      sqsMessage({ id: 'q0', task: 'proj.add', args: [1, 1], group: 'g6', chord: body }, { receiveCount });
    await runner.runBatch([q0(1)]);
    expect(await runner.runBatch([q0(2)])).toMatchObject([{ action: 'ack' }]);
    expect(publisher.published).toEqual([]);
    expect(await backend.getGroup('g6')).not.toBeNull();
    await runner.runBatch([
      sqsMessage({ id: 'q1', task: 'proj.add', args: [2, 2], group: 'g6', chord: body }),
    ]);
    expect(publisher.published.map((p) => decodeMessage('envelope', p.envelope).id)).toEqual(['body-6']);
  });

  it('count expired header parts as REVOKED members', async () => {
    const { runner, backend } = testRunner({ tasks, chordMode: 'counter' });
    await backend.saveGroup('g4', [['g4', null], [tuple('late')]]);
    const body = sig('proj.tsum', [], { task_id: 'body-4' });
    await runner.runBatch([
      sqsMessage({
        id: 'late',
        task: 'proj.add',
        args: [1, 1],
        group: 'g4',
        chord: body,
        expires: '2026-11-23T11:00:00+00:00',
      }),
    ]);
    expect((await backend.get('body-4'))?.result).toMatchObject({
      exc_type: 'ChordError',
      exc_message: ["TaskRevokedError('expired')"],
    });
  });
});

describe('chords with no chord mode set (auto)', () => {
  const published = (publisher: { published: Array<{ envelope: Parameters<typeof decodeMessage>[1] }> }) =>
    publisher.published.map((p) => decodeMessage('envelope', p.envelope as never));

  it('complete a chord_unlock chord (no group record) without failing it from the header parts', async () => {
    const { runner, backend, drain } = testRunner({ tasks });
    const header = [0, 1, 2].map((i) => sig('proj.add', [i, i]));
    await runner.runBatch(unlockModeChord('ga', header, sig('proj.tsum', [], { task_id: 'body-a' })));
    await drain();
    expect(await backend.get('body-a')).toMatchObject({ status: 'SUCCESS', result: 6 });
  });

  it('complete a counter chord (group record saved by the client) from its last header part', async () => {
    const { runner, backend, publisher } = testRunner({ tasks });
    await backend.saveGroup('gc', [['gc', null], ['c0', 'c1'].map(tuple)]);
    const body = sig('proj.tsum', [], { task_id: 'body-c', group_id: 'gc' });
    await runner.runBatch(
      ['c0', 'c1'].map((id, i) =>
        sqsMessage({ id, task: 'proj.add', args: [i, i], group: 'gc', group_index: i, chord: body }),
      ),
    );
    expect(published(publisher)).toMatchObject([{ id: 'body-c', args: [[0, 2]] }]);
    expect(await backend.getGroup('gc')).toBeNull();
  });

  it('publish the body exactly once when both a chord_unlock and the counter complete the same chord', async () => {
    const { runner, backend, publisher, drain } = testRunner({ tasks });
    const header = [0, 1].map((i) => sig('proj.add', [i, i]));
    await backend.saveGroup('gb', [['gb', null], ['h0', 'h1'].map(tuple)]);
    const messages = unlockModeChord('gb', header, sig('proj.tsum', [], { task_id: 'body-b' }));
    await runner.runBatch(messages.slice(1));
    await runner.runBatch(messages.slice(0, 1));
    await drain();
    expect(published(publisher).filter((m) => m.id === 'body-b')).toHaveLength(1);
    expect(await backend.get('body-b')).toMatchObject({ status: 'SUCCESS', result: 2 });
  });
});
