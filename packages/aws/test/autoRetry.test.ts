import { TaskError, TaskRegistry, defineTask } from '@celery-cloud/core';
import { startLambdaInvokeServer } from '@celery-cloud/local/aws';
import { celerySendAndGet, hasPythonCelery, watchStates } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { createResultStore, handlerFromEnv } from '../src/index.js';
import { localAwsFunction } from './fixtures/localAwsFunction.js';

const runs = new Map<string, number>();
const valueError = (message: string) =>
  new TaskError({ excType: 'ValueError', excModule: 'builtins', excMessage: [message] });

const tasks = new TaskRegistry().register(
  defineTask(
    'proj.recovers',
    (ctx) => {
      runs.set(ctx.id, (runs.get(ctx.id) ?? 0) + 1);
      if (ctx.retries < 2) throw valueError(`attempt ${ctx.retries}`);
      return `ok after ${ctx.retries}`;
    },
    { autoretryFor: ['ValueError'], retryBackoff: true, retryJitter: false },
  ),
  defineTask(
    'proj.gives_up',
    () => {
      throw valueError('always');
    },
    { autoretryFor: ['ValueError'], retryBackoff: 1, retryJitter: false, maxRetries: 1 },
  ),
);

const python = hasPythonCelery() ? describe : describe.skip;

python('autoretry_for and retry_backoff seen by the Python Celery 5.2 client (SQS, DynamoDB)', () => {
  const local = localAwsFunction({
    handler: async (stack, onStop) => {
      const lambda = await startLambdaInvokeServer({
        functions: {
          lookup: () => {
            throw Object.assign(new Error('no such key'), { name: 'KeyError' });
          },
        },
      });
      const env = {
        ...stack.env,
        AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
        TASKS: JSON.stringify({
          'remote.lookup':
            'lambda://lookup#autoretry_for=KeyError&retry_backoff=1&retry_jitter=false&max_retries=2',
        }),
      };
      onStop(() => lambda.stop());
      return handlerFromEnv(env, { tasks });
    },
    mapping: { visibilityTimeoutSeconds: 30 },
  });

  it('retries at 1 s then 2 s with RETRY stored, and ends FAILURE with the original exception once exhausted', async () => {
    const store = createResultStore({ client: local.stack.dynamo, table: local.stack.table });
    // Each watch takes one last reading on stop: the final state the client has just read is seen.
    const watches = ['auto-1', 'auto-2', 'auto-3'].map((id) => watchStates(() => store.get(id)));
    const sentAt = Date.now();
    const results = await celerySendAndGet(local.stack.python, [
      { name: 'proj.recovers', options: { task_id: 'auto-1' }, timeout: 60 },
      { name: 'proj.gives_up', options: { task_id: 'auto-2' }, timeout: 60 },
      { name: 'remote.lookup', options: { task_id: 'auto-3' }, timeout: 60 },
    ]);
    const [recovers, givesUp, lookup] = await Promise.all(watches.map((watch) => watch.stop()));
    expect(results.map(({ id: _id, ...r }) => r)).toEqual([
      { state: 'SUCCESS', result_repr: "'ok after 2'" },
      { state: 'FAILURE', exc_class: 'builtins.ValueError', exc_args: ["'always'"] },
      { state: 'FAILURE', exc_class: 'builtins.KeyError', exc_args: ["'no such key'"] },
    ]);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(3000);
    expect(runs.get('auto-1')).toBe(3);
    expect(recovers).toEqual(['RETRY', 'SUCCESS']);
    expect(givesUp).toEqual(['RETRY', 'FAILURE']);
    expect(lookup).toEqual(['RETRY', 'FAILURE']);
  }, 120_000);
});
