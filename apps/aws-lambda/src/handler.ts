import { handlerFromEnv } from '@celery-cloud/aws';
import { tasks } from './tasks.js';

// To serve another route scheme in `TASKS` (e.g. `echo://upper`), pass an executor plugin
// (docs/runner.md, "Adding a plugin to a deployed function"):
//   import type { ExecutorPlugin } from '@celery-cloud/core';
//   const echo: ExecutorPlugin = { scheme: 'echo', create: () => ({ execute: async (call) => ({ status: 'success', value: call.args }) }) };
//   export const handler = handlerFromEnv(process.env, { tasks, plugins: [echo] });

/** The Lambda entry point (`handler.handler`): SQS batch in, `batchItemFailures` out. */
export const handler = handlerFromEnv(process.env, { tasks });
