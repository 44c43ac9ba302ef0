/** @celery-cloud/testkit: harness shared by integration tests (private). */
export { celeryCanvas, celerySendAndGet } from './celeryClient.js';
export type {
  CanvasCase,
  CanvasOutcome,
  CeleryCall,
  CeleryClientConfig,
  CeleryOutcome,
} from './celeryClient.js';
export { startCeleryWorker } from './celeryWorker.js';
export { describeWhen } from './describeWhen.js';
export { filesAtColdStart } from './filesAtColdStart.js';
export { executionContext, sampleCall } from './executorCall.js';
export type { CeleryWorker, CeleryWorkerOptions } from './celeryWorker.js';
export { startRecordingServer } from './startRecordingServer.js';
export type { RecordedRequest, RecordingServer } from './startRecordingServer.js';
export { startToggleProxy } from './startToggleProxy.js';
export { watchStates } from './watchStates.js';
export type { StateWatch } from './watchStates.js';
export type { ToggleProxy } from './startToggleProxy.js';
export { VECTORS_DIR, VECTOR_CLOCK, readVectorFiles, resultMetaFromVector } from './goldenVectors.js';
export { DEBIAN_PYTHON, hasPythonAzure, hasPythonCelery, runPython } from './python.js';
export type { PythonRun } from './python.js';
export { validateJsonSchema } from './jsonSchema.js';
export { MissingValue, must } from './must.js';
export { celeryOutcomes, expectDecodeBombsRefused, startPythonRetryAnswers } from './neverPending.js';
export type { PythonRetryAnswers } from './neverPending.js';
export { startJsonFunctionServer } from './startJsonFunctionServer.js';
export type { JsonFunction, JsonFunctionServer } from './startJsonFunctionServer.js';
export { CELERY_CLOUD_FUNCTION_DIR, startPythonFunctionServer } from './celeryCloudFunction.js';
export type { PythonFunctionServer } from './celeryCloudFunction.js';
