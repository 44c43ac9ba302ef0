/** The task runner: routing, executors, Celery worker lifecycle, configuration and logging. */
export { TaskRegistry } from './TaskRegistry.js';
export {
  dateDoneFormatFromEnv,
  remoteCallPolicyFromEnv,
  resultExpiresFromEnv,
  runnerOptionsFromEnv,
  taskQueueFromEnv,
} from './config.js';
export { parseJsonObject } from './parseJsonObject.js';
export { createRunner } from './createRunner.js';
export type { Runner } from './createRunner.js';
export { defineTask } from './defineTask.js';
export { defineRemoteFunction } from './defineRemoteFunction.js';
export type { ExecutorAnswer, RemoteFunction, RemoteFunctionOptions } from './defineRemoteFunction.js';
export type { AnyTaskDefinition, TaskContext, TaskDefinition, TaskOptions } from './defineTask.js';
export { exponentialBackoff, splitRetryOptions, withRetryOptions } from './autoRetry.js';
export type { AutoretryMatcher, TaskRetryOptions } from './autoRetry.js';
export { RetryRequest, TaskError } from './errors.js';
export { RejectRequest } from './reject.js';
export { parseRateLimit, rateLimitWait } from './rateLimit.js';
export type { RateLimit } from './rateLimit.js';
export { isRevoked, revokedMarker } from './revoke.js';
export type { RevokeMode } from './revoke.js';
export type { RejectOptions } from './reject.js';
export type { RetryOptions } from './errors.js';
export {
  answerFromBody,
  answerFromFunctionError,
  answerFromHttp,
  answerFromLambdaPayload,
  protocolError,
} from './executorAnswer.js';
export type { AnswerSource, HttpAnswer } from './executorAnswer.js';
export { executorRequest } from './executorRequest.js';
export type { ExecutorRequest } from './executorRequest.js';
export { createHttpExecutor } from './httpExecutor.js';
export type { HttpExecutorOptions } from './httpExecutor.js';
export { createJsonLogger } from './logger.js';
export type { JsonLoggerOptions, LogLevel, RunnerLogger } from './logger.js';
export { DEFAULT_REMOTE_CALL_POLICY, createRemoteCaller, remoteCallPolicy } from './remoteCallPolicy.js';
export type {
  AttemptOutcome,
  RemoteCallPolicy,
  RemoteCaller,
  RemoteCallerOptions,
} from './remoteCallPolicy.js';
export { parseTaskMap } from './routes.js';
export type { TaskEvent, TaskEventListener, TaskEventType } from './taskEvents.js';
export { handlerRunnerOptions, providerRunnerOptions, withInvoker } from './handlerOptions.js';
export type { HandlerOptions, ProviderRunnerParts } from './handlerOptions.js';
export type { BatchContext, Deduplicate, RunnerHooks, RunnerOptions, TaskOutcomeEvent } from './types.js';
export { startPollLoop } from './startPollLoop.js';
export type { PollLoop, PollLoopOptions, PollSource } from './startPollLoop.js';
export { runnerStep } from './pollStep.js';
export type { PollStep, Received } from './pollStep.js';
