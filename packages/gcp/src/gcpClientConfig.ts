import type { ClientConfig } from '@google-cloud/pubsub';

type Env = Record<string, string | undefined>;

/**
 * A client's project option: the given one, else the environment's, else the SDK's own lookup.
 *
 * @example
 * ```ts
 * projectOption('my-proj'); // { projectId: 'my-proj' }
 * ```
 */
export function projectOption(projectId: string | null | undefined): { projectId?: string } {
  return projectId ? { projectId } : {};
}

/**
 * Pub/Sub client settings for `GOOGLE_CLOUD_PROJECT` and, when set, the emulator at
 * `PUBSUB_EMULATOR_HOST`; no SDK is loaded to compute them.
 *
 * @example
 * ```ts
 * pubSubConfigFromEnv({ PUBSUB_EMULATOR_HOST: '127.0.0.1:8085' }); // { apiEndpoint: '127.0.0.1:8085', emulatorMode: true }
 * ```
 */
export function pubSubConfigFromEnv(env: Env): ClientConfig {
  const host = env.PUBSUB_EMULATOR_HOST;
  const project = projectOption(env.GOOGLE_CLOUD_PROJECT);
  return host ? { ...project, apiEndpoint: host, emulatorMode: true } : project;
}
