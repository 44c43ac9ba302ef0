import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import type { ExecutorPlugin } from '../ports.js';
import { sqsMessage, testRunner } from '../testing/index.js';
import { TaskRegistry } from './TaskRegistry.js';
import { defineTask } from './defineTask.js';
import { parseRateLimit } from './rateLimit.js';

describe("rate limits shared by every instance (Celery's rate_limit)", () => {
  it("reads Celery's rate limit texts", () => {
    expect(parseRateLimit('10/m')).toEqual({ count: 10, periodSeconds: 60 });
    expect(parseRateLimit('3/h')).toEqual({ count: 3, periodSeconds: 3600 });
    expect(parseRateLimit('5')).toEqual({ count: 5, periodSeconds: 1 });
    expect(parseRateLimit('0.5/s')).toEqual({ count: 1, periodSeconds: 2 });
    expect(parseRateLimit('0')).toBeNull();
    expect(() => parseRateLimit('10/day')).toThrow(ConfigError);
    expect(() => defineTask('proj.x', () => 1, { rateLimit: 'fast' })).toThrow(ConfigError);
  });

  it('defers the starts over the limit to the next window, then runs them', async () => {
    const runs: string[] = [];
    const tasks = new TaskRegistry().register(
      defineTask('proj.limited', (ctx) => runs.push(ctx.id), { rateLimit: '2/m' }),
    );
    const { runner, publisher, clock, drain } = testRunner({ tasks });
    clock.set('2026-11-23T12:00:10.000Z');
    const outcomes = await runner.runBatch(
      ['a', 'b', 'c', 'd'].map((id) => sqsMessage({ id, task: 'proj.limited' })),
    );
    expect(outcomes.map((o) => (o.action === 'ack' ? o.state : o.action)).sort()).toEqual([
      'SUCCESS',
      'SUCCESS',
      null,
      null,
    ]);
    expect(runs).toHaveLength(2);
    expect(publisher.published.map((p) => p.delaySeconds)).toEqual([50, 50]);
    await drain();
    expect(runs.sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('limits a route by its fragment, with or without a publisher', async () => {
    const plugin: ExecutorPlugin = {
      scheme: 'ok',
      create: () => ({ execute: async () => ({ status: 'success', value: 1 }) }),
    };
    const { runner } = testRunner({ plugins: [plugin], routes: { 'remote.x': 'ok://fn#rate_limit=1/s' } });
    const outcomes = await runner.runBatch([
      sqsMessage({ id: 'x1', task: 'remote.x' }),
      sqsMessage({ id: 'x2', task: 'remote.x' }),
    ]);
    expect(outcomes.map((o) => (o.action === 'ack' ? o.state : o.action)).sort()).toEqual(['SUCCESS', null]);
  });
});
