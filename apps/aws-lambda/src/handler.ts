import { handlerFromEnv } from '@celery-cloud/aws';
import { tasks } from './tasks.js';

/** The Lambda entry point (`handler.handler`): SQS batch in, `batchItemFailures` out. */
export const handler = handlerFromEnv(process.env, { tasks });
