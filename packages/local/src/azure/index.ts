/** @celery-cloud/local/azure: Azurite and a stand-in for the Functions host's queue trigger. */
export { DEVSTORE_ACCOUNT_KEY } from '@celery-cloud/azure';
export { startAzurite } from './startAzurite.js';
export type { Azurite } from './startAzurite.js';
export { startQueueHost } from './startQueueHost.js';
export type { QueueHost, QueueHostOptions } from './startQueueHost.js';
export { startLocalAzure } from './startLocalAzure.js';
export type { LocalAzure } from './startLocalAzure.js';
