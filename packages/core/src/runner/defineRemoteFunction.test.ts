import { readFileSync } from 'node:fs';
import { validateJsonSchema } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { defineRemoteFunction } from './defineRemoteFunction.js';
import type { TaskContext } from './defineTask.js';
import { TaskError } from './errors.js';
import { answerFromBody } from './executorAnswer.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../../docs/executor-protocol.schema.json', import.meta.url), 'utf8'),
);
const request = (args: unknown[], extra: Record<string, unknown> = {}) => ({
  args,
  kwargs: {},
  protocol: 'celery-cloud/1',
  id: 't1',
  name: 'img.resize',
  retries: 0,
  eta: null,
  expires: null,
  root_id: 't1',
  parent_id: null,
  group: null,
  time_left_ms: 5000,
  task: 'img.resize',
  ...extra,
});

const resize = defineRemoteFunction((ctx: TaskContext<{ unit?: string }>, width: number, height: number) => {
  if (width <= 0)
    throw new TaskError({
      excType: 'ValueError',
      excModule: 'builtins',
      excMessage: ['width must be positive'],
    });
  if (ctx.retries < 1 && height > 1000) ctx.retry({ countdown: 7, maxRetries: 2 });
  return {
    size: [width, height],
    unit: ctx.kwargs.unit ?? 'px',
    task: ctx.name,
    left: ctx.remainingTimeMs() > 0,
  };
});
const source = { target: 'test', task: 'img.resize' };

describe('defineRemoteFunction', () => {
  it('answers a value, a failure and a retry in celery-cloud/1, as the schema says', async () => {
    const answers = [
      await resize.handle(request([3, 4], { kwargs: { unit: 'cm' } })),
      await resize.handle(request([0, 4])),
      await resize.handle(JSON.stringify(request([3, 2000]))),
    ];
    expect(answers[0]).toEqual({
      protocol: 'celery-cloud/1',
      status: 'success',
      result: { size: [3, 4], unit: 'cm', task: 'img.resize', left: true },
    });
    expect(answers[1]).toMatchObject({ status: 'failure', exc_type: 'ValueError', exc_module: 'builtins' });
    expect(answers[2]).toEqual({
      protocol: 'celery-cloud/1',
      status: 'retry',
      retry: { countdown: 7, max_retries: 2 },
    });
    for (const answer of answers)
      expect(validateJsonSchema({ $ref: '#/$defs/answer' }, answer, schema)).toEqual([]);
  });

  it("round-trips through the runner's answer reader", async () => {
    expect(answerFromBody(await resize.handle(request([0, 1])), source)).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'ValueError', exc_message: ['width must be positive'] },
    });
  });

  it('reads the unversioned Lambda payload, and answers an unreadable request with ProtocolError', async () => {
    const legacy = { args: [2, 2], kwargs: {}, task: { id: 'x', name: 'img.old', retries: 1 } };
    expect(await resize.handle(legacy)).toMatchObject({ result: { task: 'img.old' } });
    expect(await resize.handle('not json')).toMatchObject({ status: 'failure', exc_type: 'ProtocolError' });
  });

  it('aborts ctx.signal when the time left is over', async () => {
    const waits = defineRemoteFunction(
      (ctx) =>
        new Promise((resolve) =>
          ctx.signal.addEventListener('abort', () => resolve('stopped'), { once: true }),
        ),
    );
    expect(await waits.handle(request([], { time_left_ms: 20 }))).toMatchObject({ result: 'stopped' });
  });
});
