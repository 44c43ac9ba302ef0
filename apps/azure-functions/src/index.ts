import { app } from '@azure/functions';
import { handlerFromEnv } from '@celery-cloud/azure';
import { tasks } from './tasks.js';

// One Storage Queue-triggered function: the Celery queue (kombu's name, `celery` by default).
// host.json sets `messageEncoding: "none"`, as kombu writes plain JSON.
// To serve another route scheme in `TASKS` (e.g. `echo://upper`), pass an executor plugin
// (docs/runner.md, "Adding a plugin to a deployed function"):
//   import type { ExecutorPlugin } from '@celery-cloud/core';
//   const echo: ExecutorPlugin = { scheme: 'echo', create: () => ({ execute: async (call) => ({ status: 'success', value: call.args }) }) };
//   handler: handlerFromEnv(process.env, { tasks, plugins: [echo] }),
app.storageQueue('celery', {
  queueName: '%CELERY_CLOUD_QUEUE%',
  connection: 'AzureWebJobsStorage',
  handler: handlerFromEnv(process.env, { tasks }),
});
