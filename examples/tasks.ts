/**
 * Example TypeScript tasks for `celery-cloud dev --tasks examples/tasks.ts`. A Python client
 * calls them by name: `app.send_task('tasks.add', args=(2, 3))`.
 */
import { setTimeout as sleepMs } from 'node:timers/promises';
import { TaskError, defineTask } from '@celery-cloud/core';

/** `tasks.add(a, b)` → a + b */
export const add = defineTask('tasks.add', (_ctx, a: number, b: number) => a + b);

/** `tasks.mul(a, b)` → a × b */
export const mul = defineTask('tasks.mul', (_ctx, a: number, b: number) => a * b);

/** `tasks.tsum(numbers)` → their sum (the classic chord body). */
export const tsum = defineTask('tasks.tsum', (_ctx, numbers: number[]) =>
  numbers.reduce((sum, n) => sum + n, 0),
);

/** `tasks.fail(reason)` always fails; the Python caller's `.get()` raises `ValueError(reason)`. */
export const fail = defineTask('tasks.fail', (_ctx, reason: string): never => {
  throw new TaskError({ excType: 'ValueError', excModule: 'builtins', excMessage: [reason] });
});

/** `tasks.flaky(text)` asks for a retry on its first run (like `self.retry(countdown=1)`), then succeeds. */
export const flaky = defineTask('tasks.flaky', (ctx, text: string) =>
  ctx.retries < 1 ? ctx.retry({ countdown: 1 }) : `${text} after ${ctx.retries} retry`,
);

/** `tasks.sleep(seconds)` waits, then returns `seconds`: handy to watch tasks in flight. */
export const sleep = defineTask('tasks.sleep', async (ctx, seconds: number) => {
  await sleepMs(seconds * 1000, undefined, { signal: ctx.signal });
  return seconds;
});
