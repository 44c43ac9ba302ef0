/** The task both workers of the worker benchmark run: `proj.add(a, b)`. */
import { defineTask } from '@celery-cloud/core';

export const add = defineTask('proj.add', (_ctx, a: number, b: number) => a + b);
