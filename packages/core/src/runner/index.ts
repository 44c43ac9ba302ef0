/** The task runner: routing, executors, Celery worker lifecycle, configuration and logging. */
export { MemoryPublisher, MemoryResultStore } from '../memory/index.js';
export type { PublishedMessage } from '../memory/index.js';
export { TaskRegistry } from './TaskRegistry.js';
export { celeryExceptions } from './celeryExceptions.js';
export {
  dateDoneFormatFromEnv,
  logLevelFromEnv,
  remoteCallPolicyFromEnv,
  resultExpiresFromEnv,
  runnerOptionsFromEnv,
} from './config.js';
export { parseJsonObject } from './parseJsonObject.js';
export type { RunnerEnvDeps } from './config.js';
export { createRunner } from './createRunner.js';
export type { Runner } from './createRunner.js';
export { defineTask } from './defineTask.js';
export { answerOf, defineRemoteFunction } from './defineRemoteFunction.js';
export type { ExecutorAnswer, RemoteFunction, RemoteFunctionOptions } from './defineRemoteFunction.js';
export type { AnyTaskDefinition, TaskContext, TaskDefinition } from './defineTask.js';
export { RetryRequest, TaskError } from './errors.js';
export type { RetryOptions } from './errors.js';
export { exceptionInfoFromError, failureFromError, pythonTraceback } from './exceptionInfo.js';
export { CircuitBreaker } from './CircuitBreaker.js';
export {
  answerFromBody,
  answerFromFunctionError,
  answerFromHttp,
  answerFromLambdaPayload,
  protocolError,
} from './executorAnswer.js';
export type { AnswerSource, HttpAnswer } from './executorAnswer.js';
export { EXECUTOR_PROTOCOL, EXECUTOR_PROTOCOL_PREFIX, executorRequest } from './executorRequest.js';
export type { ExecutorRequest, LegacyTaskField } from './executorRequest.js';
export { createHttpExecutor, httpExecutorPlugin } from './httpExecutor.js';
export type { HttpExecutorOptions } from './httpExecutor.js';
export { localExecutorPlugin } from './localExecutor.js';
export type { LocalExecutorOptions } from './localExecutor.js';
export { LOG_LEVELS, createJsonLogger } from './logger.js';
export type { JsonLoggerOptions, LogLevel, RunnerLogger } from './logger.js';
export { PYTHON_BUILTIN_EXCEPTIONS } from './pythonBuiltinExceptions.js';
export { redactUrl } from './redactUrl.js';
export {
  DEFAULT_REMOTE_CALL_POLICY,
  createRemoteCaller,
  remoteCallPolicy,
  retryAfterMs,
  withoutOptions,
} from './remoteCallPolicy.js';
export type {
  AttemptOutcome,
  RemoteCallPolicy,
  RemoteCaller,
  RemoteCallerOptions,
} from './remoteCallPolicy.js';
export { MIN_SECRET_LENGTH, maskSecrets, routeSecrets, scrubSecrets } from './scrubSecrets.js';
export type { RouteSecrets } from './scrubSecrets.js';
export { WILDCARD_ROUTE, parseRoutes, parseTaskMap } from './routes.js';
export type { Route, RouteTable } from './routes.js';
export { TASK_EVENT_TYPES, buildTaskEvent, emitTaskEvent, resultTupleIds } from './taskEvents.js';
export type { TaskEvent, TaskEventListener, TaskEventSource, TaskEventType } from './taskEvents.js';
export { handlerRunnerOptions, withInvoker } from './handlerOptions.js';
export type { HandlerOptions } from './handlerOptions.js';
export type { BatchContext, Deduplicate, RunnerHooks, RunnerOptions, TaskOutcomeEvent } from './types.js';
export { permanentException } from './permanentException.js';
export { startPollLoop } from './startPollLoop.js';
export type { PollLoop, PollLoopOptions, PollSource } from './startPollLoop.js';
