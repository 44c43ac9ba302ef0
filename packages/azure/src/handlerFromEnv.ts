import type { InvocationContext } from '@azure/functions';
import type { HandlerOptions } from '@celery-cloud/core';
import { createTrigger } from './createTrigger.js';
import { runnerFromEnv } from './runnerFromEnv.js';

/**
 * The Storage Queue handler wired from app settings, as `apps/azure-functions` deploys it and
 * `celery-cloud dev --provider azure` runs it: the runner of {@link runnerFromEnv} behind the
 * queue trigger. Throws `ConfigError` at cold start when configuration is missing or invalid.
 *
 * @example
 * ```ts
 * app.storageQueue('celery', { queueName: 'celery', connection: 'AzureWebJobsStorage', handler: handlerFromEnv(process.env, { tasks }) });
 * ```
 */
export function handlerFromEnv(
  env: Record<string, string | undefined> = process.env,
  extra: HandlerOptions = {},
): (entry: unknown, context: InvocationContext) => Promise<void> {
  return createTrigger({ runner: runnerFromEnv(env, extra) });
}
