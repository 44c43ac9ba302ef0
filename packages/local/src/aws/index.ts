/** @celery-cloud/local/aws: the AWS stack on 127.0.0.1, for `celery-cloud dev` and tests. */
export { LOCAL_CREDENTIALS, celeryClientConfig } from './celeryClientConfig.js';
export type { CeleryClientConfig, LocalAwsStackInfo } from './celeryClientConfig.js';
export { createQueue } from './createQueue.js';
export { createResultsTable } from './createResultsTable.js';
export { localHandlerEnv } from './localHandlerEnv.js';
export { startDynamoEmulator } from './startDynamoEmulator.js';
export { startEventSourceMapping } from './startEventSourceMapping.js';
export type { BatchReport, EventSourceMappingOptions } from './startEventSourceMapping.js';
export { startLambdaInvokeServer } from './startLambdaInvokeServer.js';
export type { LambdaFunction } from './startLambdaInvokeServer.js';
export { startLocalAws } from './startLocalAws.js';
export type { LocalAwsOptions, LocalAwsStack } from './startLocalAws.js';
export { startLocalAwsStack } from './startLocalAwsStack.js';
export type { LocalAwsStackWithConfig } from './startLocalAwsStack.js';
export { startSqsEmulator } from './startSqsEmulator.js';
export type { LocalService } from './startSqsEmulator.js';
export type { LocalSqsHandler, LocalSqsRecord } from './lambdaEvent.js';
