import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { sqsMessage, testRunner } from '../testing/index.js';
import { TaskRegistry } from './TaskRegistry.js';
import { runnerOptionsFromEnv } from './config.js';
import { defineTask } from './defineTask.js';
import { revokedMarker } from './revoke.js';

describe('revoke across functions (CELERY_CLOUD_REVOKE=check)', () => {
  const runs: string[] = [];
  const tasks = new TaskRegistry().register(
    defineTask('proj.add', (ctx, a: number, b: number) => {
      runs.push(ctx.id);
      return a + b;
    }),
  );

  it('ends a revoked task REVOKED TaskRevokedError(revoked) without running it, eta tasks before deferring', async () => {
    const { runner, backend, publisher } = testRunner({ tasks, revoke: 'check' });
    await backend.set(revokedMarker('r1'));
    await backend.set(revokedMarker('r2'));
    const outcomes = await runner.runBatch([
      sqsMessage({ id: 'r1', task: 'proj.add', args: [1, 2], group: 'g' }),
      sqsMessage({ id: 'r2', task: 'proj.add', args: [1, 2], eta: '2099-01-01T00:00:00+00:00' }),
      sqsMessage({ id: 'r3', task: 'proj.add', args: [1, 2] }),
    ]);
    expect(outcomes.map((o) => (o.action === 'ack' ? o.state : o.action))).toEqual([
      'REVOKED',
      'REVOKED',
      'SUCCESS',
    ]);
    expect(publisher.published).toEqual([]);
    expect(runs).toEqual(['r3']);
    expect(await backend.get('r1')).toMatchObject({
      status: 'REVOKED',
      result: { exc_type: 'TaskRevokedError', exc_module: 'celery.exceptions', exc_message: ['revoked'] },
      group_id: 'g',
    });
  });

  it('stops a chain at its revoked later step', async () => {
    const { runner, backend, drain } = testRunner({ tasks, revoke: 'check' });
    await backend.set(revokedMarker('step2'));
    const chain = [
      {
        task: 'proj.add',
        args: [10],
        kwargs: {},
        options: { task_id: 'step3' },
        subtask_type: null,
        immutable: false,
      },
      {
        task: 'proj.add',
        args: [100],
        kwargs: {},
        options: { task_id: 'step2' },
        subtask_type: null,
        immutable: false,
      },
    ];
    await runner.runBatch([sqsMessage({ id: 'step1', task: 'proj.add', args: [1, 2], chain })]);
    await drain();
    expect(await backend.get('step1')).toMatchObject({ status: 'SUCCESS', result: 3 });
    expect(await backend.get('step2')).toMatchObject({ status: 'REVOKED' });
    expect(await backend.get('step3')).toBeNull();
  });

  it('is off by default (no read), and read from CELERY_CLOUD_REVOKE', async () => {
    const { runner, backend } = testRunner({ tasks });
    await backend.set(revokedMarker('n1'));
    const [outcome] = await runner.runBatch([sqsMessage({ id: 'n1', task: 'proj.add', args: [1, 1] })]);
    expect(outcome).toMatchObject({ state: 'SUCCESS' });
    const deps = { backend };
    expect(runnerOptionsFromEnv({ CELERY_CLOUD_REVOKE: 'check' }, deps).revoke).toBe('check');
    expect(runnerOptionsFromEnv({}, deps).revoke).toBeUndefined();
    expect(() => runnerOptionsFromEnv({ CELERY_CLOUD_REVOKE: 'yes' }, deps)).toThrow(ConfigError);
  });

  it('redelivers when the revoke check or the rate limit counter cannot read the store', async () => {
    const { runner, backend } = testRunner({ tasks, revoke: 'check' });
    backend.get = async () => {
      throw new Error('store down');
    };
    const [revokeRead] = await runner.runBatch([sqsMessage({ id: 'e1', task: 'proj.add', args: [1, 1] })]);
    expect(revokeRead).toMatchObject({ action: 'redeliver', reason: 'result store read failed: store down' });
    const limited = new TaskRegistry().register(defineTask('proj.limited', () => 1, { rateLimit: '1/s' }));
    const other = testRunner({ tasks: limited });
    other.backend.incrChordCounter = async () => {
      throw new Error('counter down');
    };
    const [counter] = await other.runner.runBatch([sqsMessage({ id: 'e2', task: 'proj.limited' })]);
    expect(counter).toMatchObject({ action: 'redeliver', reason: 'rate limit counter failed: counter down' });
  });
});
