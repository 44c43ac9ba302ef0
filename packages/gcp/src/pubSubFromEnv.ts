import { PubSub } from '@google-cloud/pubsub';
import { pubSubConfigFromEnv } from './gcpClientConfig.js';

/**
 * A Pub/Sub client for `GOOGLE_CLOUD_PROJECT` and, when set, the emulator at `PUBSUB_EMULATOR_HOST`.
 *
 * @example
 * ```ts
 * const pubsub = pubSubFromEnv(process.env);
 * ```
 */
export function pubSubFromEnv(env: Record<string, string | undefined>): PubSub {
  return new PubSub(pubSubConfigFromEnv(env));
}
