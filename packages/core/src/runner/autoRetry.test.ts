import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import type { ExecutorPlugin } from '../ports.js';
import { sqsMessage, testRunner } from '../testing/index.js';
import { TaskRegistry } from './TaskRegistry.js';
import { exponentialBackoff, splitRetryOptions } from './autoRetry.js';
import { defineTask } from './defineTask.js';
import { TaskError } from './errors.js';

class FetchFailed extends Error {
  override name = 'FetchFailed';
}

describe("Celery's retry options", () => {
  it('computes get_exponential_backoff_interval: min(max, factor * 2**retries), full jitter from 0 to it', () => {
    expect(
      [0, 1, 2, 3, 10].map((r) => exponentialBackoff(1, r, { maximum: 600, fullJitter: false })),
    ).toEqual([1, 2, 4, 8, 600]);
    expect(exponentialBackoff(2, 3, { maximum: 10, fullJitter: false })).toBe(10);
    expect(exponentialBackoff(2, 3, { maximum: 600, fullJitter: true, random: () => 0.999 })).toBe(16);
    expect(exponentialBackoff(2, 3, { maximum: 600, fullJitter: true, random: () => 0 })).toBe(0);
  });

  it('autoretryFor retries a matching error at the back-off, RETRY each time, then FAILURE with that error', async () => {
    let runs = 0;
    const tasks = new TaskRegistry().register(
      defineTask(
        'proj.fetch',
        () => {
          runs += 1;
          throw new FetchFailed('upstream 503');
        },
        { autoretryFor: [FetchFailed], retryBackoff: 2, retryJitter: false, maxRetries: 2 },
      ),
    );
    const { runner, backend, publisher, drain } = testRunner({ tasks });
    const first = await runner.runBatch([sqsMessage({ id: 'f1', task: 'proj.fetch' })]);
    expect(first[0]).toMatchObject({ action: 'ack', state: 'RETRY' });
    expect(await backend.get('f1')).toMatchObject({
      status: 'RETRY',
      result: { exc_type: 'FetchFailed', exc_module: 'celery_cloud.errors', exc_message: ['upstream 503'] },
      traceback: expect.stringContaining('celery.exceptions.Retry: Retry in 2s'),
      date_done: null,
    });
    const rest = await drain();
    expect(rest.map((o) => (o.action === 'ack' ? o.state : o.action))).toEqual(['RETRY', 'FAILURE']);
    expect(publisher.published.map((p) => p.delaySeconds)).toEqual([2, 4]);
    expect(runs).toBe(3);
    expect(await backend.get('f1')).toMatchObject({
      status: 'FAILURE',
      result: { exc_type: 'FetchFailed', exc_message: ['upstream 503'] },
    });
  });

  it('leaves other errors alone, matches Python names and Exception, and gives ctx.retry() the task defaults', async () => {
    const tasks = new TaskRegistry().register(
      defineTask(
        'proj.other',
        () => {
          throw new TaskError({ excType: 'KeyError', excModule: 'builtins', excMessage: ['k'] });
        },
        { autoretryFor: ['ValueError'] },
      ),
      defineTask(
        'proj.named',
        () => {
          throw new RangeError('bad');
        },
        { autoretryFor: ['builtins.ValueError'], defaultRetryDelay: 7 },
      ),
      defineTask(
        'proj.any',
        () => {
          throw new Error('x');
        },
        { autoretryFor: ['Exception'], retryBackoff: true, retryJitter: false, maxRetries: null },
      ),
      defineTask('proj.manual', (ctx) => ctx.retry(), { defaultRetryDelay: 30, maxRetries: 0 }),
    );
    const { runner, publisher } = testRunner({ tasks });
    const outcomes = await runner.runBatch([
      sqsMessage({ id: 'o1', task: 'proj.other' }),
      sqsMessage({ id: 'o2', task: 'proj.named' }),
      sqsMessage({ id: 'o3', task: 'proj.any', retries: 4 }),
      sqsMessage({ id: 'o4', task: 'proj.manual' }),
    ]);
    expect(outcomes.map((o) => (o.action === 'ack' ? o.state : o.action))).toEqual([
      'FAILURE',
      'RETRY',
      'RETRY',
      'FAILURE',
    ]);
    expect(publisher.published.map((p) => p.delaySeconds)).toEqual([7, 16]);
  });

  it('reads route options from the fragment and applies them to any executor by exception name', async () => {
    expect(
      splitRetryOptions(
        new URL('lambda://resize#attempts=2&autoretry_for=ValueError,KeyError&retry_backoff=2'),
      ),
    ).toMatchObject({
      url: new URL('lambda://resize#attempts=2'),
      options: { autoretryFor: ['ValueError', 'KeyError'], retryBackoff: 2 },
    });
    expect(splitRetryOptions(new URL('lambda://x#max_retries=none&retry_jitter=false')).options).toEqual({
      maxRetries: null,
      retryJitter: false,
    });
    expect(() => splitRetryOptions(new URL('lambda://x#retry_jitter=maybe'))).toThrow(ConfigError);
    let calls = 0;
    const plugin: ExecutorPlugin = {
      scheme: 'flaky',
      create: (url) => {
        expect(url.hash).toBe('');
        return {
          async execute() {
            calls += 1;
            return calls < 3
              ? {
                  status: 'failure',
                  exception: { exc_type: 'ConnectionError', exc_module: 'builtins', exc_message: ['reset'] },
                  traceback: null,
                }
              : { status: 'success', value: calls };
          },
        };
      },
    };
    const { runner, publisher, drain, backend } = testRunner({
      plugins: [plugin],
      routes: {
        'remote.flaky': 'flaky://fn#autoretry_for=ConnectionError&retry_backoff=3&retry_jitter=false',
      },
    });
    await runner.runBatch([sqsMessage({ id: 'r1', task: 'remote.flaky' })]);
    await drain();
    expect(publisher.published.map((p) => p.delaySeconds)).toEqual([3, 6]);
    expect(await backend.get('r1')).toMatchObject({ status: 'SUCCESS', result: 3 });
    expect(() => testRunner({ plugins: [plugin], routes: { x: 'flaky://fn#max_retries=-1' } })).toThrow(
      ConfigError,
    );
  });

  it('refuses options that are not numbers where Celery has numbers', () => {
    expect(() => defineTask('proj.bad', () => 1, { retryBackoffMax: -1 })).toThrow(ConfigError);
    expect(() => defineTask('proj.bad', () => 1, { maxRetries: 1.5 })).toThrow(ConfigError);
  });
});
