/** @celery-cloud/aws/local: the AWS stack on 127.0.0.1, for `celery-cloud dev` and tests. */
export { createQueue } from './createQueue.js';
export { createResultsTable } from './createResultsTable.js';
export { startDynamoEmulator } from './startDynamoEmulator.js';
export { startEventSourceMapping } from './startEventSourceMapping.js';
export type { BatchReport, EventSourceMappingOptions } from './startEventSourceMapping.js';
export { LOCAL_AWS, startLocalAwsStack } from './startLocalAwsStack.js';
export type { LocalAwsStack } from './startLocalAwsStack.js';
export { startLambdaInvokeServer } from './startLambdaInvokeServer.js';
export type { LambdaFunction } from './startLambdaInvokeServer.js';
export { startSqsEmulator } from './startSqsEmulator.js';
export type { LocalService } from './startSqsEmulator.js';
