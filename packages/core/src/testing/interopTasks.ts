import { TaskRegistry } from '../runner/TaskRegistry.js';
import { defineTask } from '../runner/defineTask.js';
/**
 * The tasks the interop and canvas suites of every provider send, defined once so each provider
 * runs the same code under the same names.
 */
import { TaskError } from '../runner/errors.js';

/** A fresh registry of the interop tasks and the count of runs of each task id it has seen. */
export interface InteropTasks {
  tasks: TaskRegistry;
  /** Runs by task id, so a test can tell that a task ran once, or never. */
  runs: Map<string, number>;
}

/**
 * The interop tasks: `proj.add`, `proj.mul`, `proj.tsum` (sum of a list, a chord body),
 * `proj.fail` (a ValueError with the message), `proj.on_err` (an errback naming the failed id),
 * `proj.flaky` (retries twice, one second apart) and `proj.when` (the time it ran, ms). Each call
 * makes a new registry and count; `tasks.register` adds a suite's own tasks.
 *
 * @example
 * ```ts
 * const { tasks, runs } = interopTasks();
 * const handler = handlerFromEnv(env, { tasks });
 * expect(runs.get(sent.id)).toBe(1);
 * ```
 */
export function interopTasks(): InteropTasks {
  const runs = new Map<string, number>();
  const ran = (id: string) => runs.set(id, (runs.get(id) ?? 0) + 1);
  const tasks = new TaskRegistry().register(
    defineTask('proj.add', (ctx, a: number, b: number) => {
      ran(ctx.id);
      return a + b;
    }),
    defineTask('proj.mul', (ctx, a: number, b: number) => {
      ran(ctx.id);
      return a * b;
    }),
    defineTask('proj.tsum', (ctx, values: number[]) => {
      ran(ctx.id);
      return values.reduce((x, y) => x + y, 0);
    }),
    defineTask('proj.fail', (ctx, message: string) => {
      ran(ctx.id);
      throw new TaskError({ excType: 'ValueError', excModule: 'builtins', excMessage: [message] });
    }),
    defineTask('proj.on_err', (ctx, failedId: string) => {
      ran(ctx.id);
      return `errback saw ${failedId}`;
    }),
    defineTask('proj.flaky', (ctx) => {
      ran(ctx.id);
      if (ctx.retries < 2) ctx.retry({ countdown: 1 });
      return `ok after ${ctx.retries}`;
    }),
    defineTask('proj.when', (ctx) => {
      ran(ctx.id);
      return Date.now();
    }),
  );
  return { tasks, runs };
}
