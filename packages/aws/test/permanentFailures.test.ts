import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { TaskRegistry, defineTask } from '@celery-cloud/core';
import { capturingLogger } from '@celery-cloud/core/testing';
import {
  type LocalAwsStackWithConfig,
  startEventSourceMapping,
  startLocalAwsStack,
} from '@celery-cloud/local/aws';
import {
  type PythonRetryAnswers,
  celeryCanvas,
  celeryOutcomes,
  expectDecodeBombsRefused,
  hasPythonCelery,
  must,
  startPythonRetryAnswers,
} from '@celery-cloud/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handlerFromEnv } from '../src/index.js';

/** The runner's log records of this file's tests: the failures they provoke are expected, not printed. */
const quiet = capturingLogger();

const runs = new Map<string, number>();
const tasks = new TaskRegistry().register(
  defineTask('proj.big', (ctx, size: number) => {
    runs.set(ctx.id, (runs.get(ctx.id) ?? 0) + 1);
    return 'x'.repeat(size);
  }),
  defineTask('proj.echo', (_ctx, value: unknown) => (typeof value === 'string' ? value.length : value)),
  defineTask('proj.forever', (ctx) => ctx.retry({ countdown: Number.POSITIVE_INFINITY })),
  defineTask('proj.again', (ctx) => ctx.retry({ countdown: 1 })),
);

const python = hasPythonCelery() ? describe : describe.skip;
// The stored classes are celery_cloud.errors.*; a Celery 5.2 client cannot import that module and
// rebuilds each class by name under celery.exceptions.

/** Every scenario of a message redelivery cannot cure ends in a state the client raises, never PENDING. */
python('Python Celery 5.2 client on AWS: nothing waits forever in PENDING', () => {
  let stack: LocalAwsStackWithConfig;
  let answers: PythonRetryAnswers;
  let mapping: { stop(): Promise<void> } | undefined;

  beforeAll(async () => {
    stack = await startLocalAwsStack({ maxReceiveCount: 3, visibilityTimeoutSeconds: 2 });
    answers = await startPythonRetryAnswers();
  }, 60_000);

  afterEach(async () => {
    await mapping?.stop();
    mapping = undefined;
  });

  afterAll(async () => {
    await answers?.stop();
    await stack?.stop();
  });

  const start = (env: Record<string, string>) => {
    mapping = startEventSourceMapping({
      sqs: stack.sqs,
      queueUrl: stack.queueUrl,
      handler: handlerFromEnv(
        {
          ...env,
          CELERY_CLOUD_MAX_RECEIVE_COUNT: '3',
          TASKS: JSON.stringify(answers.routes),
        },
        { tasks, logger: quiet },
      ),
      visibilityTimeoutSeconds: 2,
      deadLetter: { queueUrl: must(stack.deadLetterQueueUrl), maxReceiveCount: 3 },
    });
  };

  const outcomes = (code: string[], timeout?: number) => celeryOutcomes(stack.python, code, timeout);

  it('stores FAILURE at once for results, retries and chain steps that can never be stored or sent', async () => {
    // One queue name routes to the queue URL map: a queue called `constructor` is only a name.
    start({ ...stack.env, CELERY_CLOUD_QUEUE_URLS: JSON.stringify({ celery: stack.queueUrl }) });
    const [tooLarge, infinite, remoteInfinite, floats, chainStep, oddQueue] = await outcomes([
      "result = app.send_task('proj.big', args=[500_000])",
      "result = app.send_task('proj.forever')",
      "result = app.send_task('web.inf')",
      "result = app.send_task('web.floats')",
      "result = (s('proj.big', 900_000) | s('proj.echo')).apply_async()",
      "result = app.send_task('proj.big', args=[3], link=s('proj.echo').set(queue='constructor'))",
    ]);
    expect(tooLarge).toMatchObject({ state: 'FAILURE', exc_class: 'celery.exceptions.ResultTooLarge' });
    expect(runs.get(must(tooLarge).id)).toBe(1);
    expect(infinite).toMatchObject({ state: 'FAILURE', exc_class: 'celery.exceptions.InvalidRetry' });
    expect(remoteInfinite).toMatchObject({ state: 'FAILURE', exc_class: 'celery.exceptions.InvalidRetry' });
    // countdown 1.0 and max_retries 1.0 were read as numbers: retried once after a second, not 180 s.
    expect(floats).toMatchObject({ state: 'SUCCESS', result_repr: "'retried'" });
    expect(chainStep?.state).toBe('FAILURE');
    expect(oddQueue).toMatchObject({ state: 'SUCCESS', result_repr: "'xxx'" });
    const dead = await stack.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: must(stack.deadLetterQueueUrl), AttributeNames: ['All'] }),
    );
    expect(Number(dead.Attributes?.ApproximateNumberOfMessages)).toBe(0);
  }, 120_000);

  it('fails the first step of a chain whose next step is too large for SQS with MessageTooLarge', async () => {
    start(stack.env);
    const [first] = await outcomes([
      "result = (s('proj.big', 900_000) | s('proj.echo')).apply_async().parent",
    ]);
    expect(first).toMatchObject({ state: 'FAILURE', exc_class: 'celery.exceptions.MessageTooLarge' });
  }, 60_000);

  it('fails a 3,000-step gzip chain whose next step exceeds SQS, and every step after it', async () => {
    // Uncompressed, the 2,999 remaining steps are over 1 MiB. (Celery 5.2 takes minutes to build a
    // 10,000-step chain; 3,000 steps already cross the limit.) The chain is Celery's own `_chain`,
    // the class `chain(...)` returns, built from the steps at once: `chain(...)` joins them one
    // `|` at a time, which takes 20-30 s of this test for the same message, and far more on a
    // loaded machine.
    start(stack.env);
    const [chain] = await celeryCanvas(stack.python, [
      {
        code: [
          'from celery.canvas import _chain',
          "last = _chain(s('proj.echo', 1), *[s('proj.echo') for _ in range(2_999)]).apply_async(compression='gzip')",
          'first = last',
          'while first.parent is not None: first = first.parent',
          // Fresh handles: the client would otherwise read the state of all 3,000 steps.
          'result = app.AsyncResult(last.id)',
          'also = [app.AsyncResult(first.id)]',
        ].join('\n'),
        timeout: 90,
      },
    ]);
    expect(chain?.result).toMatchObject({ state: 'FAILURE', exc_class: 'celery.exceptions.MessageTooLarge' });
    expect(chain?.also[0]).toMatchObject({
      state: 'FAILURE',
      exc_class: 'celery.exceptions.MessageTooLarge',
    });
  }, 180_000);

  it('refuses decompression and amplification bombs with a stored DecodeError', async () => {
    start(stack.env);
    await expectDecodeBombsRefused(stack.python);
  }, 90_000);

  it('stores the dead-letter FAILURE without the extended args that would not fit', async () => {
    // No publisher: the retry cannot be published, so the message comes back until dead-lettered.
    const { CELERY_CLOUD_QUEUE_URL: _none, ...env } = stack.env;
    start({ ...env, CELERY_RESULT_EXTENDED: 'true' });
    const [dead] = await outcomes(["result = app.send_task('proj.again', args=['a' * 450_000])"], 40);
    expect(dead).toMatchObject({ state: 'FAILURE', exc_class: 'celery.exceptions.DeadLetteredError' });
    expect(dead?.exc_args?.[0]).toContain('args and kwargs left out of this result');
  }, 90_000);
});
