import { app } from '@azure/functions';
import { handlerFromEnv } from '@celery-cloud/azure';
import { tasks } from './tasks.js';

// One Storage Queue-triggered function: the Celery queue (kombu's name, `celery` by default).
// host.json sets `messageEncoding: "none"`, as kombu writes plain JSON.
app.storageQueue('celery', {
  queueName: '%CELERY_CLOUD_QUEUE%',
  connection: 'AzureWebJobsStorage',
  handler: handlerFromEnv(process.env, { tasks }),
});
