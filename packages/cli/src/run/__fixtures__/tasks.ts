// A --tasks module mixing both export styles, with one task exported twice.
import { TaskRegistry, defineTask } from '@celery-cloud/core';

export const add = defineTask('fixture.add', (_ctx, a: number, b: number) => a + b);
export const registry = new TaskRegistry().register(
  add,
  defineTask('fixture.neg', (_ctx, a: number) => -a),
);
export const notATask = { name: 'x' };
