/** @celery-cloud/azure: Storage Queue and Service Bus triggers, Function invoker, Blob result store, queue publisher. */
export { createInvoker } from './createInvoker.js';
export type { FunctionInvokerOptions } from './createInvoker.js';
export { createPublisher } from './createPublisher.js';
export type { StorageQueuePublisherOptions } from './createPublisher.js';
export { createResultStore } from './createResultStore.js';
export type { BlobResultStoreOptions } from './createResultStore.js';
export { BlobRequestFailed } from './blobRequestFailed.js';
export { createServiceBusTrigger, createTrigger } from './createTrigger.js';
export type { AzureTriggerOptions } from './createTrigger.js';
export { azureQueuePollSource, createPoller } from './createPoller.js';
export type { AzureDelivery, AzureQueuePollerOptions } from './createPoller.js';
export { handlerFromEnv } from './handlerFromEnv.js';
export type { HandlerOptions } from '@celery-cloud/core';
export { publisherFromEnv, runnerFromEnv } from './runnerFromEnv.js';
export {
  azureQueueName,
  parseAzureBlockBlobUrl,
  parseAzureStorageQueuesUrl,
} from './parseAzureBlockBlobUrl.js';
export { azureRemoteFunction } from './azureRemoteFunction.js';
export type { HttpRequestLike, HttpResponseInitLike } from './azureRemoteFunction.js';
export { beatTimersFromEnv } from './beatTimersFromEnv.js';
export type { BeatTimer } from './beatTimersFromEnv.js';
export { ncrontabSchedule } from './ncrontabSchedule.js';
export { DEVSTORE_ACCOUNT, DEVSTORE_ACCOUNT_KEY } from './developmentStorage.js';
