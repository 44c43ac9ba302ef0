import { handlerFromEnv } from '@celery-cloud/gcp';
import { cloudEvent } from '@google-cloud/functions-framework';
import { tasks } from './tasks.js';

// One CloudEvent function for the Pub/Sub trigger (`--entry-point celery`).
// To serve another route scheme in `TASKS` (e.g. `echo://upper`), pass an executor plugin
// (docs/runner.md, "Adding a plugin to a deployed function"):
//   import type { ExecutorPlugin } from '@celery-cloud/core';
//   const echo: ExecutorPlugin = { scheme: 'echo', create: () => ({ execute: async (call) => ({ status: 'success', value: call.args }) }) };
//   cloudEvent('celery', handlerFromEnv(process.env, { tasks, plugins: [echo] }));
cloudEvent('celery', handlerFromEnv(process.env, { tasks }));
