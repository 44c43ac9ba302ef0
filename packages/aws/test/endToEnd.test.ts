import { capturingLogger, interopTasks } from '@celery-cloud/core/testing';
import { startLambdaInvokeServer } from '@celery-cloud/local/aws';
import {
  celerySendAndGet,
  hasPythonCelery,
  must,
  startJsonFunctionServer,
  watchStates,
} from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { createResultStore, handlerFromEnv } from '../src/index.js';
import { localAwsFunction } from './fixtures/localAwsFunction.js';

/** The runner's log records of this file's tests: the failures they provoke are expected, not printed. */
const quiet = capturingLogger();

const { tasks, runs } = interopTasks();

const python = hasPythonCelery() ? describe : describe.skip;
if (!hasPythonCelery())
  console.warn('\n!!! SKIPPED: Debian python3-celery is not installed (scripts/bootstrap.sh) !!!\n');

python('Python Celery 5.2 client → SQS → our Lambda handler → DynamoDB → AsyncResult.get()', () => {
  const local = localAwsFunction({
    handler: async (stack, onStop) => {
      const lambda = await startLambdaInvokeServer({
        functions: {
          multiply: (event) => {
            const { args } = event as { args: number[] };
            return { statusCode: 200, body: JSON.stringify((args[0] ?? 0) * (args[1] ?? 0)) };
          },
          explode: () => {
            throw Object.assign(new Error('remote went wrong'), { name: 'KeyError' });
          },
        },
      });
      const http = await startJsonFunctionServer({
        functions: { greet: (call) => `hello ${(call.args as string[])[0]}` },
      });
      const httpUrl = `${http.url}/greet`;
      const env = {
        ...stack.env,
        AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
        TASKS: JSON.stringify({
          'remote.multiply': 'lambda://multiply',
          'remote.explode': 'lambda://explode',
          'web.greet': httpUrl,
        }),
      };
      onStop(() => lambda.stop());
      onStop(() => http.stop());
      return handlerFromEnv(env, { tasks, logger: quiet });
    },
    mapping: { visibilityTimeoutSeconds: 2, deadLetter: { maxReceiveCount: 3 } },
  });

  it('returns the value of local, HTTP and Lambda-routed tasks, and raises their failures', async () => {
    const results = await celerySendAndGet(local.stack.python, [
      { name: 'proj.add', args: [2, 3] },
      { name: 'web.greet', args: ['celery'] },
      { name: 'remote.multiply', args: [6, 7] },
      { name: 'proj.fail', args: ['bad amount'] },
      { name: 'remote.explode' },
      { name: 'proj.unknown' },
    ]);
    expect(results.map(({ id: _id, ...r }) => r)).toEqual([
      { state: 'SUCCESS', result_repr: '5' },
      { state: 'SUCCESS', result_repr: "'hello celery'" },
      { state: 'SUCCESS', result_repr: '42' },
      { state: 'FAILURE', exc_class: 'builtins.ValueError', exc_args: ["'bad amount'"] },
      { state: 'FAILURE', exc_class: 'builtins.KeyError', exc_args: ["'remote went wrong'"] },
      { state: 'FAILURE', exc_class: 'celery.exceptions.NotRegistered', exc_args: ["'proj.unknown'"] },
    ]);
  }, 90_000);

  it('does not run a countdown task before it is due, retries with RETRY then SUCCESS, revokes the expired', async () => {
    const sentAt = Date.now();
    const store = createResultStore({ client: local.stack.dynamo, table: local.stack.table });
    const watch = watchStates(() => store.get('flaky-1'));
    const results = await celerySendAndGet(local.stack.python, [
      { name: 'proj.when', options: { countdown: 2 } },
      { name: 'proj.flaky', options: { task_id: 'flaky-1' }, timeout: 60 },
      { name: 'proj.add', args: [1, 1], options: { expires: -1 } },
    ]);
    const [when, flaky, expired] = results;
    expect(when?.state).toBe('SUCCESS');
    expect(Number(when?.result_repr)).toBeGreaterThanOrEqual(sentAt + 2000);
    expect(flaky).toMatchObject({ state: 'SUCCESS', result_repr: "'ok after 2'" });
    expect(await watch.stop()).toEqual(['RETRY', 'SUCCESS']);
    expect(expired).toMatchObject({ state: 'REVOKED', exc_class: 'celery.exceptions.TaskRevokedError' });
    expect(runs.get(must(expired).id)).toBeUndefined();
  }, 90_000);

  it('stores nothing for ignore_result', async () => {
    const [sent] = await celerySendAndGet(local.stack.python, [
      { name: 'proj.add', args: [4, 4], options: { ignore_result: true }, no_wait: true },
    ]);
    await expect.poll(() => runs.get(must(sent).id), { timeout: 20_000 }).toBe(1);
    const [probe] = await celerySendAndGet(local.stack.python, [{ name: 'proj.add', args: [0, 0] }]);
    expect(probe?.state).toBe('SUCCESS');
    const store = createResultStore({ client: local.stack.dynamo, table: local.stack.table });
    expect(await store.get(must(sent).id)).toBeNull();
  }, 60_000);
});
