import { ConfigError } from '@celery-cloud/core';
import type { ProviderPoller, ProviderPollerInput } from './providerPoller.js';

/** Placeholder. */
export function startAzureWorker(_input: ProviderPollerInput): ProviderPoller {
  throw new ConfigError('not yet');
}
