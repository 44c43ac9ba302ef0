import { parseBeatSchedule } from '@celery-cloud/core';
import { beatHandlerFromEnv, handlerFromEnv } from '@celery-cloud/gcp';
import { http, cloudEvent } from '@google-cloud/functions-framework';
import schedule from '../beat.json' with { type: 'json' };
import { tasks } from './tasks.js';

// One CloudEvent function for the Pub/Sub trigger (`--entry-point celery`).
// To serve another route scheme in `TASKS` (e.g. `echo://upper`), pass an executor plugin
// (docs/runner.md, "Adding a plugin to a deployed function"):
//   import type { ExecutorPlugin } from '@celery-cloud/core';
//   const echo: ExecutorPlugin = { scheme: 'echo', create: () => ({ execute: async (call) => ({ status: 'success', value: call.args }) }) };
//   cloudEvent('celery', handlerFromEnv(process.env, { tasks, plugins: [echo] }));
cloudEvent('celery', handlerFromEnv(process.env, { tasks }));

// The beat (`--entry-point beat`): each Cloud Scheduler job deploy.sh creates from beat.json posts
// {"entry": "<name>"}, and the entry's task is sent to the topic as `celery beat` would, with a
// fresh task id (docs/periodic-tasks.md).
http('beat', beatHandlerFromEnv(process.env, { schedule: parseBeatSchedule(schedule) }));
