import { readFileSync } from 'node:fs';
import { validateJsonSchema } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import type { ExecutorPlugin } from '../ports.js';
import { sqsMessage, testRunner } from '../testing/index.js';
import { TaskRegistry } from './TaskRegistry.js';
import { answerOf } from './defineRemoteFunction.js';
import { defineTask } from './defineTask.js';
import { answerFromBody } from './executorAnswer.js';

describe("ctx.reject() and the reject answer (Celery's Reject)", () => {
  it('requeue hands the message back with nothing stored; the redelivery runs the task', async () => {
    const tasks = new TaskRegistry().register(
      defineTask('proj.later', (ctx, receiveCount: number) =>
        receiveCount < 2 ? ctx.reject({ requeue: true }) : 'ran',
      ),
    );
    const { runner, backend } = testRunner({ tasks });
    const [first] = await runner.runBatch([sqsMessage({ id: 'q1', task: 'proj.later', args: [1] })]);
    expect(first).toMatchObject({ action: 'redeliver', reason: expect.stringContaining('requeue') });
    expect(await backend.get('q1')).toBeNull();
    const [second] = await runner.runBatch([
      sqsMessage({ id: 'q1', task: 'proj.later', args: [2] }, { receiveCount: 2 }),
    ]);
    expect(second).toMatchObject({ action: 'ack', state: 'SUCCESS' });
  });

  it('without requeue drops the message: acked, nothing stored, even under autoretryFor Exception', async () => {
    const tasks = new TaskRegistry().register(
      defineTask('proj.drop', (ctx) => ctx.reject(), { autoretryFor: ['Exception'] }),
    );
    const { runner, backend, publisher, logger } = testRunner({ tasks, trackStarted: true });
    const [outcome] = await runner.runBatch([sqsMessage({ id: 'd1', task: 'proj.drop' })]);
    expect(outcome).toMatchObject({ action: 'ack', state: null });
    expect(publisher.published).toEqual([]);
    expect(await backend.get('d1')).toMatchObject({ status: 'STARTED' });
    expect(logger.lines.at(-1)).toMatchObject({ level: 'warn', fields: { rejected: true } });
  });

  it('reads {"reject": {"requeue": bool}} from a remote function, and answers it from defineRemoteFunction', async () => {
    const source = { target: 'test', task: 'remote.x' };
    expect(answerFromBody({ reject: { requeue: true } }, source)).toEqual({
      status: 'reject',
      requeue: true,
    });
    expect(answerFromBody({ reject: {} }, source)).toEqual({ status: 'reject', requeue: false });
    expect(answerFromBody({ reject: { requeue: 'yes' } }, source)).toMatchObject({ status: 'success' });
    expect(answerFromBody({ reject: {}, other: 1 }, source)).toMatchObject({ status: 'success' });
    expect(answerOf({ status: 'reject', requeue: false })).toEqual({ reject: { requeue: false } });
    const schema = JSON.parse(
      readFileSync(new URL('../../../../docs/executor-protocol.schema.json', import.meta.url), 'utf8'),
    );
    expect(validateJsonSchema({ $ref: '#/$defs/answer' }, { reject: { requeue: true } }, schema)).toEqual([]);
    const plugin: ExecutorPlugin = {
      scheme: 'rej',
      create: () => ({ execute: async () => answerFromBody({ reject: { requeue: false } }, source) }),
    };
    const { runner, backend } = testRunner({ plugins: [plugin], routes: { 'remote.x': 'rej://fn' } });
    const [outcome] = await runner.runBatch([sqsMessage({ id: 'x1', task: 'remote.x' })]);
    expect(outcome).toMatchObject({ action: 'ack', state: null });
    expect(await backend.get('x1')).toBeNull();
  });
});
