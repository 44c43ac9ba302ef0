import { createTrigger } from './createTrigger.js';
import type { RunnerFromEnvExtras } from './runnerFromEnv.js';
import { runnerFromEnv } from './runnerFromEnv.js';
import type { SqsHandler } from './types.js';

/**
 * The SQS-triggered handler wired from environment variables, as `apps/aws-lambda` deploys it and
 * `celery-cloud dev` runs it: the runner of {@link runnerFromEnv} behind the SQS trigger. Throws
 * `ConfigError` at cold start when configuration is missing or invalid.
 *
 * @example
 * ```ts
 * import { tasks } from './tasks.js';
 * export const handler = handlerFromEnv(process.env, { tasks });
 * ```
 */
export function handlerFromEnv(
  env: Record<string, string | undefined> = process.env,
  extra: RunnerFromEnvExtras = {},
): SqsHandler {
  return createTrigger({ runner: runnerFromEnv(env, extra) });
}
