import { type CeleryClientConfig, celeryClientConfig } from './celeryClientConfig.js';
import { localHandlerEnv } from './localHandlerEnv.js';
import { type LocalAwsOptions, type LocalAwsStack, startLocalAws } from './startLocalAws.js';

/** A local stack with what a test wires to it: the handler's environment and the Python client's settings. */
export interface LocalAwsStackWithConfig extends LocalAwsStack {
  /** The environment `handlerFromEnv` reads, pointing at this stack. */
  env: Record<string, string>;
  /** The Python Celery client's settings for this stack. */
  python: CeleryClientConfig;
}

/**
 * {@link startLocalAws} plus the handler environment and the Python client configuration, with a
 * short visibility timeout so redeliveries come back quickly in tests.
 *
 * @example
 * ```ts
 * const stack = await startLocalAwsStack();
 * const handler = handlerFromEnv(stack.env, { tasks });
 * await stack.stop();
 * ```
 */
export async function startLocalAwsStack(
  options: Partial<LocalAwsOptions> = {},
): Promise<LocalAwsStackWithConfig> {
  const stack = await startLocalAws({ visibilityTimeoutSeconds: 2, ...options });
  const env = { ...localHandlerEnv(stack, null), CELERY_CLOUD_LOG_LEVEL: 'error' };
  return { ...stack, env, python: celeryClientConfig(stack, env) };
}
