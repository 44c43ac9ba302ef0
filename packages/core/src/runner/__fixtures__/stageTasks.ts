/** The tasks and helpers the runner's stage tests share. */
import type { ResultMeta } from '../../types.js';
import { TaskRegistry } from '../TaskRegistry.js';
import { defineTask } from '../defineTask.js';
import { TaskError } from '../errors.js';
export const NOW = '2026-11-23T12:00:00.000Z';
export const calls: string[] = [];
const never = new Promise<never>(() => {});

export const tasks = new TaskRegistry().register(
  defineTask('proj.add', (ctx, a: number, b: number) => {
    calls.push(ctx.id);
    return a + b;
  }),
  defineTask('proj.fail', () => {
    throw new TaskError({ excType: 'ValueError', excModule: 'builtins', excMessage: ['oops'] });
  }),
  defineTask('proj.range', () => {
    throw new RangeError('too big');
  }),
  defineTask('proj.flaky', (ctx, countdown?: number) =>
    ctx.retry(
      countdown === undefined
        ? {}
        : {
            countdown,
            exc: new TaskError({ excType: 'KeyError', excModule: 'builtins', excMessage: ['boom'] }),
          },
    ),
  ),
  defineTask('proj.flakyMax', (ctx) => ctx.retry({ maxRetries: 1 })),
  defineTask('proj.hang', () => never),
  defineTask('proj.softAware', async (ctx, handle: boolean) => {
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
    if (handle) return 'cleaned up';
    return ctx.signal.throwIfAborted();
  }),
);

export function stored(backend: { writes: ResultMeta[] }, status: string): ResultMeta | undefined {
  return backend.writes.find((w) => w.status === status);
}
