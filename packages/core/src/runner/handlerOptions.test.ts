import { describe, expect, it } from 'vitest';
import { MemoryPublisher, MemoryResultStore } from '../memory/index.js';
import type { ExecutorPlugin } from '../ports.js';
import { TaskRegistry } from './TaskRegistry.js';
import { providerRunnerOptions, withInvoker } from './handlerOptions.js';

const plugin = (scheme: string): ExecutorPlugin => ({
  scheme,
  create: () => ({ execute: async () => ({ status: 'success', value: scheme }) }),
});

describe('withInvoker', () => {
  it('puts the provider invoker before the deployment plugins', () => {
    const invoker = plugin('lambda');
    const echo = plugin('echo');
    expect(withInvoker(invoker, [echo])).toEqual([invoker, echo]);
  });

  it('leaves the invoker out when a deployment plugin serves its scheme', () => {
    const own = plugin('Lambda:');
    expect(withInvoker(plugin('lambda'), [own])).toEqual([own]);
  });
});

describe('providerRunnerOptions', () => {
  it('wires the provider parts, the environment settings and what the deployment adds', () => {
    const backend = new MemoryResultStore();
    const publisher = new MemoryPublisher();
    const invoker = plugin('gcf');
    const echo = plugin('echo');
    const tasks = new TaskRegistry();
    const options = providerRunnerOptions(
      { CELERY_TASK_TRACK_STARTED: 'true' },
      { backend, publisher, invoker },
      { tasks, plugins: [echo] },
    );
    expect(options.backend).toBe(backend);
    expect(options.publisher).toBe(publisher);
    expect(options.plugins).toEqual([invoker, echo]);
    expect(options.tasks).toBe(tasks);
    expect(options.trackStarted).toBe(true);
  });

  it('sets no publisher when the environment configures none', () => {
    const options = providerRunnerOptions(
      {},
      { backend: new MemoryResultStore(), publisher: undefined, invoker: plugin('gcf') },
    );
    expect('publisher' in options).toBe(false);
    expect(options.plugins).toHaveLength(1);
  });
});
