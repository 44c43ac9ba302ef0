import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ExecutionContext } from '../ports.js';
import { TaskRegistry } from './TaskRegistry.js';
import { type TaskContext, type TaskDefinition, defineTask } from './defineTask.js';
import { localExecutorPlugin } from './localExecutor.js';

describe('defineTask', () => {
  it('infers positional argument and awaited result types from the function', () => {
    const add = defineTask('proj.add', async (_ctx, a: number, b: number) => a + b);
    expectTypeOf(add).toEqualTypeOf<TaskDefinition<[number, number], number, Record<string, unknown>>>();
    expectTypeOf(add.run).parameters.toEqualTypeOf<[TaskContext<Record<string, unknown>>, number, number]>();
    expect(add.name).toBe('proj.add');
  });

  it('types keyword arguments through the context annotation', () => {
    const greet = defineTask('proj.greet', (ctx: TaskContext<{ punctuation?: string }>, name: string) => {
      expectTypeOf(ctx.kwargs.punctuation).toEqualTypeOf<string | undefined>();
      return `hello ${name}${ctx.kwargs.punctuation ?? '!'}`;
    });
    expectTypeOf(greet).toEqualTypeOf<TaskDefinition<[string], string, { punctuation?: string }>>();
    expectTypeOf(greet.run).parameter(1).toEqualTypeOf<string>();
    expectTypeOf(greet.run).parameter(1).not.toEqualTypeOf<number>();
  });

  it('makes ctx.retry() return never so it ends the function', () => {
    const task = defineTask('proj.retry', (ctx) => ctx.retry({ countdown: 1 }));
    expectTypeOf(task).toEqualTypeOf<TaskDefinition<[], never, Record<string, unknown>>>();
  });
});

describe('TaskRegistry', () => {
  it('refuses a name registered twice', () => {
    const one = defineTask('proj.one', () => 1);
    expect(() => new TaskRegistry().register(one, one)).toThrow(/registered twice/);
  });

  it('passes kwargs and request fields to the task through the local executor', async () => {
    const seen: unknown[] = [];
    const tasks = new TaskRegistry().register(
      defineTask('proj.ctx', (ctx: TaskContext<{ scale: number }>, x: number) => {
        seen.push([ctx.id, ctx.name, ctx.retries, ctx.rootId, ctx.parentId, ctx.group]);
        return x * ctx.kwargs.scale;
      }),
    );
    const executor = localExecutorPlugin(tasks).create(new URL('task://proj.ctx'));
    const context: ExecutionContext = {
      signal: new AbortController().signal,
      softSignal: new AbortController().signal,
      remainingTimeMs: () => 1000,
    };
    const result = await executor.execute(
      {
        id: 'i',
        task: 'alias',
        args: [2],
        kwargs: { scale: 3 },
        retries: 1,
        eta: null,
        expires: null,
        root_id: 'r',
        parent_id: 'p',
        group: 'g',
      },
      context,
    );
    expect(result).toEqual({ status: 'success', value: 6 });
    expect(seen).toEqual([['i', 'alias', 1, 'r', 'p', 'g']]);
  });
});
