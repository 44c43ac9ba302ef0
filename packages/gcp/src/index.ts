/** @celery-cloud/gcp: Pub/Sub trigger, Cloud Functions invoker, Firestore result store, Pub/Sub publisher. */
export { createInvoker, metadataIdToken } from './createInvoker.js';
export type { CloudFunctionInvokerOptions, IdTokenProvider } from './createInvoker.js';
export { createPublisher, gcpubsubProject } from './createPublisher.js';
export type { PubSubPublisherOptions } from './createPublisher.js';
export { createResultStore } from './createResultStore.js';
export type { FirestoreResultStoreOptions } from './createResultStore.js';
export { createTrigger } from './createTrigger.js';
export type { MessagePublishedData, MessagePublishedEvent, PubSubTriggerOptions } from './createTrigger.js';
export { createPoller, pubSubPollSource } from './createPoller.js';
export type { PubSubDelivery, PubSubPollerOptions } from './createPoller.js';
export { handlerFromEnv } from './handlerFromEnv.js';
export type { HandlerOptions } from '@celery-cloud/core';
export { pubSubFromEnv } from './pubSubFromEnv.js';
export { runnerFromEnv } from './runnerFromEnv.js';
export { parseFirestoreUrl } from './parseFirestoreUrl.js';
export type { FirestoreUrl } from './parseFirestoreUrl.js';
export { cloudRemoteFunction } from './cloudRemoteFunction.js';
export type { CloudRequestLike, CloudResponseLike } from './cloudRemoteFunction.js';
