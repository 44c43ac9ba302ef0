import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { MemoryResultStore } from '../memory/MemoryResultStore.js';
import { sqsMessage, testRunner } from '../testing/index.js';
import { TaskRegistry } from './TaskRegistry.js';
import { runnerOptionsFromEnv } from './config.js';
import { defineTask } from './defineTask.js';
import { TaskError } from './errors.js';
import { type TaskEvent, resultTupleIds } from './taskEvents.js';

const tasks = new TaskRegistry().register(
  defineTask('proj.add', (_ctx, a: number, b: number) => a + b),
  defineTask('proj.fail', (_ctx, reason: string): never => {
    throw new TaskError({ excType: 'ValueError', excModule: 'builtins', excMessage: [reason] });
  }),
  defineTask('proj.flaky', (ctx, text: string) =>
    ctx.retries < 1 ? ctx.retry({ countdown: 5 }) : `${text} after ${ctx.retries}`,
  ),
);

function recording(options: Parameters<typeof testRunner>[0] = {}) {
  const events: TaskEvent[] = [];
  const run = testRunner({ tasks, onTaskEvent: (event) => void events.push(event), ...options });
  const seen = () => events.map((e) => [e.type, e.uuid, e.retries]);
  return { ...run, events, seen };
}

describe('task events', () => {
  it('a success: task-received, task-started, task-succeeded with the request, result and runtime', async () => {
    const { runner, events, seen } = recording();
    await runner.runBatch([
      sqsMessage({ id: 's1', task: 'proj.add', args: [2, 3], kwargs: {}, routing_key: 'q1' }),
    ]);
    expect(seen()).toEqual([
      ['task-received', 's1', 0],
      ['task-started', 's1', 0],
      ['task-succeeded', 's1', 0],
    ]);
    const [received, , succeeded] = events;
    expect(received).toMatchObject({
      name: 'proj.add',
      args: [2, 3],
      kwargs: {},
      queue: 'q1',
      hostname: 'celery@test',
      timestamp: Date.parse('2026-11-23T12:00:00.000Z') / 1000,
      parent_id: null,
      group_id: null,
      children: [],
    });
    expect(received).not.toHaveProperty('runtime');
    expect(succeeded).toMatchObject({ result: 5, name: 'proj.add', args: [2, 3] });
    expect(succeeded?.runtime).toBeGreaterThanOrEqual(0);
  });

  it('a failure: task-failed carries the exception and the Python-shaped traceback', async () => {
    const { runner, events, seen } = recording();
    await runner.runBatch([sqsMessage({ id: 'f1', task: 'proj.fail', args: ['no good'] })]);
    expect(seen()).toEqual([
      ['task-received', 'f1', 0],
      ['task-started', 'f1', 0],
      ['task-failed', 'f1', 0],
    ]);
    const failed = must(events[2]);
    expect(failed.exception).toEqual({
      exc_type: 'ValueError',
      exc_message: ['no good'],
      exc_module: 'builtins',
    });
    expect(failed.traceback).toMatch(/^Traceback \(most recent call last\):/);
    expect(failed.runtime).toBeGreaterThanOrEqual(0);
  });

  it('a retry: task-retried with its due time, then the republished attempt succeeds', async () => {
    const { runner, events, seen, drain } = recording();
    await runner.runBatch([sqsMessage({ id: 'r1', task: 'proj.flaky', args: ['hi'] })]);
    await drain();
    expect(seen()).toEqual([
      ['task-received', 'r1', 0],
      ['task-started', 'r1', 0],
      ['task-retried', 'r1', 0],
      ['task-received', 'r1', 1],
      ['task-started', 'r1', 1],
      ['task-succeeded', 'r1', 1],
    ]);
    expect(events[2]).toMatchObject({ retry_eta: '2026-11-23T12:00:05.000Z' });
    expect(events[2]?.traceback).toMatch(/celery\.exceptions\.Retry: Retry in 5s/);
    expect(events[3]).toMatchObject({ parent_id: 'r1', root_id: 'r1' });
    expect(events[5]).toMatchObject({ result: 'hi after 1' });
  });

  it('an unknown task fails without starting; an expired one is revoked', async () => {
    const { runner, seen, events } = recording();
    await runner.runBatch([
      sqsMessage({ id: 'u1', task: 'proj.unknown' }),
      sqsMessage({ id: 'x1', task: 'proj.add', args: [1, 1], expires: '2020-01-01T00:00:00+00:00' }),
    ]);
    expect(seen()).toEqual([
      ['task-received', 'u1', 0],
      ['task-received', 'x1', 0],
      ['task-failed', 'u1', 0],
      ['task-revoked', 'x1', 0],
    ]);
    expect(events[2]).toMatchObject({ reason: 'no route', exception: { exc_type: 'NotRegistered' } });
    expect(events[3]).toMatchObject({ reason: 'expired', exception: { exc_type: 'TaskRevokedError' } });
  });

  it('a listener that throws or rejects is logged and never changes the outcome', async () => {
    const { runner, backend, logger } = testRunner({
      tasks,
      onTaskEvent: (event) => {
        if (event.type === 'task-started') return Promise.reject(new Error('async boom'));
        throw new Error('boom');
      },
    });
    const [outcome] = await runner.runBatch([sqsMessage({ id: 'b1', task: 'proj.add', args: [1, 2] })]);
    await new Promise((done) => setImmediate(done));
    expect(outcome).toMatchObject({ action: 'ack', state: 'SUCCESS' });
    expect((await backend.get('b1'))?.result).toBe(3);
    const warnings = logger.lines.filter((l) => l.message === 'task event listener failed');
    expect(warnings.map((l) => [l.fields.event, l.fields.error]).sort()).toEqual([
      ['task-received', 'boom'],
      ['task-started', 'async boom'],
      ['task-succeeded', 'boom'],
    ]);
  });

  it('reaches the runner through runnerOptionsFromEnv, as handlerFromEnv builds it', () => {
    const onTaskEvent = () => {};
    const options = runnerOptionsFromEnv({}, { backend: new MemoryResultStore(), onTaskEvent });
    expect(options.onTaskEvent).toBe(onTaskEvent);
  });

  it('flattens result tuples, group members included', () => {
    expect(
      resultTupleIds([
        [['a', null], null],
        [
          ['g', null],
          [
            [['m1', null], null],
            [['m2', null], null],
          ],
        ],
      ]),
    ).toEqual(['a', 'g', 'm1', 'm2']);
  });
});
