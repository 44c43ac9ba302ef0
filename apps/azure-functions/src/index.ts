import { app } from '@azure/functions';
import { beatTimersFromEnv, handlerFromEnv } from '@celery-cloud/azure';
import { parseBeatSchedule } from '@celery-cloud/core';
import schedule from '../beat.json' with { type: 'json' };
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

// The beat: one timer function per entry of beat.json (`beat-<entry>`, NCRONTAB in UTC), each
// sending its entry's task to the queue as `celery beat` would, with a fresh task id
// (docs/periodic-tasks.md). An entry NCRONTAB cannot express fails the app at start-up.
for (const timer of beatTimersFromEnv(process.env, { schedule: parseBeatSchedule(schedule) }))
  app.timer(timer.name, { schedule: timer.schedule, handler: timer.handler });
