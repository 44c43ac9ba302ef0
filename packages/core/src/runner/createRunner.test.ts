import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { MemoryResultStore } from '../memory/MemoryResultStore.js';
import type { ExecutorPlugin } from '../ports.js';
import { sqsMessage, testRunner } from '../testing/index.js';
import { TaskRegistry } from './TaskRegistry.js';
import { createRunner } from './createRunner.js';
import { defineTask } from './defineTask.js';

function countingPlugin(): ExecutorPlugin & { active: number; maxActive: number; runs: number } {
  const plugin = {
    scheme: 'count',
    active: 0,
    maxActive: 0,
    runs: 0,
    create: () => ({
      async execute() {
        plugin.active += 1;
        plugin.runs += 1;
        plugin.maxActive = Math.max(plugin.maxActive, plugin.active);
        for (let i = 0; i < 5; i += 1) await tick();
        plugin.active -= 1;
        return { status: 'success' as const, value: null };
      },
    }),
  };
  return plugin;
}

describe('createRunner', () => {
  it('runs a batch larger than the concurrency limit with exactly that many tasks at once', async () => {
    const plugin = countingPlugin();
    const { runner } = testRunner({ plugins: [plugin], routes: { '*': 'count://any' }, concurrency: 4 });
    const messages = Array.from({ length: 25 }, (_, i) => sqsMessage({ id: `c${i}`, task: 'proj.count' }));
    const outcomes = await runner.runBatch(messages);
    expect(plugin.runs).toBe(25);
    expect(plugin.maxActive).toBe(4);
    expect(outcomes.map((o) => o.taskId)).toEqual(messages.map((_, i) => `c${i}`));
  });

  it('returns one outcome per message in order even when some fail', async () => {
    const { runner, backend } = testRunner({
      plugins: [countingPlugin()],
      routes: { 'proj.count': 'count://x' },
    });
    backend.failNextWrites(1);
    const outcomes = await runner.runBatch([
      sqsMessage({ id: 'o1', task: 'proj.count' }, { messageId: 'a' }),
      { messageId: 'b', transport: 'sqs', payload: '???' },
      sqsMessage({ id: 'o3', task: 'proj.count' }, { messageId: 'c' }),
    ]);
    expect(outcomes.map((o) => [o.messageId, o.action])).toEqual([
      ['a', 'redeliver'],
      ['b', 'redeliver'],
      ['c', 'ack'],
    ]);
  });

  it('routes a registered local task by its own name and anything else through the * route', async () => {
    const plugin = countingPlugin();
    const tasks = new TaskRegistry().register(defineTask('proj.add', (_ctx, a: number, b: number) => a + b));
    const { runner, backend } = testRunner({ tasks, plugins: [plugin], routes: { '*': 'count://fallback' } });
    await runner.runBatch([
      sqsMessage({ id: 'w1', task: 'whatever.task' }),
      sqsMessage({ id: 'w2', task: 'proj.add', args: [1, 2] }),
    ]);
    expect(plugin.runs).toBe(1);
    expect((await backend.get('w2'))?.result).toBe(3);
  });

  it('refuses a route whose scheme no plugin handles, naming the task and scheme', () => {
    expect(() =>
      createRunner({ backend: new MemoryResultStore(), routes: { 'proj.add': 'ftp://host/add' } }),
    ).toThrow(/TASKS\["proj\.add"\]: no executor plugin for scheme ftp:\/\//);
  });

  it('refuses a concurrency below one', () => {
    expect(() => createRunner({ backend: new MemoryResultStore(), concurrency: 0 })).toThrow(ConfigError);
  });

  it('refuses a task:// route naming an unregistered task', () => {
    expect(() =>
      createRunner({ backend: new MemoryResultStore(), routes: { 'proj.add': 'task://proj.add' } }),
    ).toThrow(/no local task named "proj\.add"/);
  });
});
