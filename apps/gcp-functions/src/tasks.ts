import { TaskError, TaskRegistry, defineTask } from '@celery-cloud/core';

/**
 * The tasks this function runs in process (`task://` routes). Replace them with yours; tasks
 * elsewhere are routed through `TASKS` (`gcf://`, `https://`).
 */
export const tasks = new TaskRegistry().register(
  defineTask('proj.tasks.add', (_ctx, a: number, b: number) => a + b),
  defineTask('proj.tasks.fail', (_ctx, message: string) => {
    throw new TaskError({ excType: 'ValueError', excModule: 'builtins', excMessage: [message] });
  }),
);
