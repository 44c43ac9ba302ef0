import { handlerFromEnv } from '@celery-cloud/gcp';
import { cloudEvent } from '@google-cloud/functions-framework';
import { tasks } from './tasks.js';

// One CloudEvent function for the Pub/Sub trigger (`--entry-point celery`).
cloudEvent('celery', handlerFromEnv(process.env, { tasks }));
