/** @celery-cloud/aws: SQS trigger, Lambda invoker, DynamoDB result store and SQS publisher. */
export { createInvoker } from './createInvoker.js';
export type { LambdaInvokerOptions } from './createInvoker.js';
export { createPublisher } from './createPublisher.js';
export type { SqsPublisherOptions } from './createPublisher.js';
export { createResultStore } from './createResultStore.js';
export type { DynamoResultStoreOptions } from './createResultStore.js';
export { createTrigger } from './createTrigger.js';
export type { BatchRunner, SqsTriggerOptions } from './createTrigger.js';
export { handlerFromEnv } from './handlerFromEnv.js';
export type { HandlerOptions } from '@celery-cloud/core';
export { resultBackendUrlFromEnv } from './resultBackendUrlFromEnv.js';
export { parseDynamoDbUrl } from './parseDynamoDbUrl.js';
export { parseSqsUrl, sqsQueueName } from './parseSqsUrl.js';
export type { SqsUrl } from './parseSqsUrl.js';
export type { DynamoDbUrl } from './parseDynamoDbUrl.js';
export { pythonBytesRepr } from './pythonBytesRepr.js';
export type { LambdaContextLike, SQSBatchResponse, SQSEvent, SQSRecord, SqsHandler } from './types.js';
export { lambdaRemoteFunction } from './lambdaRemoteFunction.js';
