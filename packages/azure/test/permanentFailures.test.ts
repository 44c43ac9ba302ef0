import { TaskRegistry, defineTask } from '@celery-cloud/core';
import { capturingLogger } from '@celery-cloud/core/testing';
import {
  celeryOutcomes,
  expectDecodeBombsRefused,
  hasPythonAzure,
  startPythonRetryAnswers,
} from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { handlerFromEnv } from '../src/index.js';
import { localAzureFunction } from './fixtures/localAzureFunction.js';

/** The runner's log records of this file's tests: the failures they provoke are expected, not printed. */
const quiet = capturingLogger();

const tasks = new TaskRegistry().register(
  defineTask('proj.big', (_ctx, size: number) => 'x'.repeat(size)),
  defineTask('proj.echo', (_ctx, value: unknown) => (typeof value === 'string' ? value.length : value)),
  defineTask('proj.forever', (ctx) => ctx.retry({ countdown: Number.POSITIVE_INFINITY })),
);

const python = hasPythonAzure() ? describe : describe.skip;
// The stored classes are celery_cloud.errors.*; a Celery 5.2 client cannot import that module and
// rebuilds each class by name under celery.exceptions.

python('Python Celery 5.2 client on Azure: nothing waits forever in PENDING', () => {
  const local = localAzureFunction({
    handler: async (azure, onStop) => {
      const answers = await startPythonRetryAnswers();
      onStop(() => answers.stop());
      return handlerFromEnv(
        {
          ...azure.env,
          CELERY_CLOUD_LOG_LEVEL: 'error',
          CELERY_CLOUD_DATE_DONE_FORMAT: 'naive',
          CELERY_CLOUD_MAX_RECEIVE_COUNT: '3',
          TASKS: JSON.stringify(answers.routes),
        },
        { tasks, logger: quiet },
      );
    },
    maxDequeueCount: 3,
  });

  const outcomes = (code: string[]) => celeryOutcomes(local.azure.python, code);

  it('stores FAILURE at once for retries and chain steps that can never be sent, and large results as they are', async () => {
    const [large, infinite, remoteInfinite, floats, chainStep] = await outcomes([
      "result = app.send_task('proj.big', args=[500_000])",
      "result = app.send_task('proj.forever')",
      "result = app.send_task('web.inf')",
      "result = app.send_task('web.floats')",
      "result = (s('proj.big', 100_000) | s('proj.echo')).apply_async().parent",
    ]);
    // A blob has no 400 KB item limit: the result is simply stored.
    expect(large?.state).toBe('SUCCESS');
    expect(large?.result_repr).toHaveLength(500_002);
    expect(infinite).toMatchObject({ state: 'FAILURE', exc_class: 'celery.exceptions.InvalidRetry' });
    expect(remoteInfinite).toMatchObject({ state: 'FAILURE', exc_class: 'celery.exceptions.InvalidRetry' });
    expect(floats).toMatchObject({ state: 'SUCCESS', result_repr: "'retried'" });
    // The next step (100 KB of arguments) cannot fit a 64 KiB Storage Queue message.
    expect(chainStep).toMatchObject({ state: 'FAILURE', exc_class: 'celery.exceptions.MessageTooLarge' });
  }, 120_000);

  it(
    'refuses decompression and amplification bombs with a stored DecodeError',
    () => expectDecodeBombsRefused(local.azure.python),
    90_000,
  );
});
