import type { GroupResult } from '@celery-cloud/client';
import { defineTask } from '@celery-cloud/core';
import { interopTasks } from '@celery-cloud/core/testing';
import { celeryCanvas, hasPythonCelery, must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { handlerFromEnv } from '../src/index.js';
import { sendCounterChord } from './fixtures/counterChord.js';
import { localAwsFunction } from './fixtures/localAwsFunction.js';

const { tasks } = interopTasks();
tasks.register(defineTask('proj.double', (_ctx, a: number) => a * 2));

const python = hasPythonCelery() ? describe : describe.skip;
if (!hasPythonCelery())
  console.warn('\n!!! SKIPPED: Debian python3-celery is not installed (scripts/bootstrap.sh) !!!\n');

python('Canvas from a Python Celery 5.2 client on the local AWS stack', () => {
  const local = localAwsFunction({
    handler: (stack) => handlerFromEnv({ ...stack.env, CELERY_CLOUD_CONCURRENCY: '10' }, { tasks }),
    mapping: { visibilityTimeoutSeconds: 5 },
  });

  it('runs chains step by step, and a failing step fails the rest', async () => {
    const [ok, failing] = await celeryCanvas(local.stack.python, [
      { code: "result = chain(s('proj.add', 1, 2), s('proj.mul', 10), s('proj.add', 4)).delay()" },
      {
        code: "result = chain(s('proj.add', 1, 1), s('proj.fail', 'mid').set(immutable=True), s('proj.add', 3), s('proj.add', 4)).delay()",
      },
    ]);
    expect(ok?.result).toMatchObject({ state: 'SUCCESS', result_repr: '34' });
    expect(ok?.parents.map(([, state]) => state)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(failing?.result).toMatchObject({
      state: 'FAILURE',
      exc_class: 'builtins.ValueError',
      exc_args: ["'mid'"],
    });
    expect(failing?.parents.map(([, state]) => state)).toEqual(['FAILURE', 'FAILURE', 'SUCCESS']);
  }, 90_000);

  it('returns a group results in order, and a chord body called through chord_unlock', async () => {
    const [members, chord, failedChord] = await celeryCanvas(local.stack.python, [
      { code: "result = group(s('proj.add', i, i) for i in range(10)).delay()" },
      { code: "result = chord([s('proj.add', i, i) for i in range(5)], s('proj.tsum')).delay()" },
      {
        code: [
          "result = chord([s('proj.add', 1, 1), s('proj.fail', 'bad')], s('proj.tsum')).delay()",
          'also = [app.AsyncResult(result.id)]',
        ].join('\n'),
      },
    ]);
    expect(members?.result).toMatchObject({ result_repr: '[0, 2, 4, 6, 8, 10, 12, 14, 16, 18]' });
    expect(chord?.result).toMatchObject({ state: 'SUCCESS', result_repr: '20' });
    // get() on the chord result raises the failed header member's error as soon as it is stored (it
    // follows parents, as with a Celery worker); the body itself then gets Celery's ChordError.
    expect(failedChord?.result).toMatchObject({ exc_class: 'builtins.ValueError', exc_args: ["'bad'"] });
    expect(failedChord?.also).toMatchObject([
      { state: 'FAILURE', exc_class: 'celery.exceptions.ChordError', exc_args: ['"ValueError(\'bad\')"'] },
    ]);
  }, 90_000);

  it('runs link callbacks on success and link_error errbacks on failure', async () => {
    const [linked, failed] = await celeryCanvas(local.stack.python, [
      {
        code: [
          "cb = s('proj.mul', 3); cb.freeze()",
          "eb = s('proj.on_err'); eb.freeze()",
          "result = s('proj.add', 1, 1).apply_async(link=cb, link_error=eb)",
          'also = [app.AsyncResult(cb.id)]',
        ].join('\n'),
      },
      {
        code: [
          "eb = s('proj.on_err'); eb.freeze()",
          "result = s('proj.fail', 'x').apply_async(link=s('proj.mul', 3), link_error=eb)",
          'also = [app.AsyncResult(eb.id)]',
        ].join('\n'),
      },
    ]);
    expect(linked?.result).toMatchObject({ state: 'SUCCESS', result_repr: '2' });
    expect(linked?.also).toMatchObject([{ state: 'SUCCESS', result_repr: '6' }]);
    expect(failed?.result).toMatchObject({ state: 'FAILURE', exc_class: 'builtins.ValueError' });
    expect(failed?.also).toMatchObject([
      { state: 'SUCCESS', result_repr: `'errback saw ${failed?.result.id}'` },
    ]);
  }, 90_000);

  it('returns what Celery returns for map, starmap and chunks', async () => {
    const outcomes = await celeryCanvas(local.stack.python, [
      { code: "result = xmap(s('proj.double'), [1, 2, 3]).delay()" },
      { code: "result = xstarmap(s('proj.add'), [(1, 2), (3, 4)]).delay()" },
      { code: "result = chunks(s('proj.add'), [(i, i) for i in range(5)], 2).apply_async()" },
    ]);
    expect(outcomes.map((o) => o.result.result_repr)).toEqual([
      '[2, 4, 6]',
      '[3, 7]',
      '[[0, 2], [4, 6], [8]]',
    ]);
  }, 90_000);
});

describe('Counter-mode chords on DynamoDB (Celery 5.4+ clients), sent by our client', () => {
  const local = localAwsFunction({
    handler: (stack) => handlerFromEnv({ ...stack.env, CELERY_CLOUD_CHORD_MODE: 'counter' }, { tasks }),
    mapping: { visibilityTimeoutSeconds: 5 },
  });

  it('counts header parts in the chord-unlock item and calls the body once, then cleans up', async () => {
    const { result, store } = await sendCounterChord(local.stack, [0, 1, 2, 3, 4]);
    expect(await result.get({ timeout: 30 })).toBe(20);
    const header = (result.parent as GroupResult).id;
    expect(await store.getGroup(header)).toBeNull();
    expect(await store.incrChordCounter(header)).toBe(1);
  }, 60_000);
});

python(
  'Chords with no chord mode set: a Celery 5.2 client (chord_unlock) and a counter-mode client, one handler',
  () => {
    const { tasks: counted, runs: bodyRuns } = interopTasks();

    const local = localAwsFunction({
      // No CELERY_CLOUD_CHORD_MODE: the runner tells the two kinds of chord apart.
      handler: (stack) => handlerFromEnv(stack.env, { tasks: counted }),
      mapping: { visibilityTimeoutSeconds: 5 },
    });

    it('runs the body of each chord exactly once', async () => {
      const [{ result: counter }, [unlock]] = await Promise.all([
        sendCounterChord(local.stack, [1, 2, 3]),
        celeryCanvas(local.stack.python, [
          { code: "result = chord([s('proj.add', i, i) for i in range(5)], s('proj.tsum')).delay()" },
        ]),
      ]);
      expect(await counter.get({ timeout: 30 })).toBe(12);
      expect(unlock?.result).toMatchObject({ state: 'SUCCESS', result_repr: '20' });
      // Settle: a second body run would show within a visibility period.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(bodyRuns.get(counter.id)).toBe(1);
      expect(bodyRuns.get(must(unlock).result.id)).toBe(1);
    }, 90_000);
  },
);
