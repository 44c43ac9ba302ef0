/** @celery-cloud/core: the Celery protocol codec, result-meta encoding and the task runner. */
export {
  CanvasError,
  CeleryCloudError,
  CodecNotLoadedError,
  ConfigError,
  ContentTypeRefusedError,
  DecodeError,
  EncodeError,
  InvalidRetry,
  MessageTooLarge,
  PermanentFailure,
  RedeliveryRequested,
  ResultTooLarge,
  ScheduleError,
  StoreTimeout,
} from './errors.js';
export type { DecodeLayer, OptionalCodec } from './errors.js';
export { systemClock } from './ports.js';
export type {
  Clock,
  ExecutionContext,
  ExecutionResult,
  Executor,
  ExecutorPlugin,
  InboundMessage,
  MessageOutcome,
  Publisher,
  ResultStore,
  TaskCall,
  Trigger,
  TriggerOptions,
} from './ports.js';
export type {
  ExceptionInfo,
  ExtendedRequestInfo,
  KombuEnvelope,
  PubSubPayload,
  RawPayload,
  ResultMeta,
  ResultTuple,
  SignatureDict,
  TaskMessage,
  TaskState,
  TransportName,
  WireValue,
} from './types.js';
export {
  PyFloat,
  decodeMessage,
  decodeResultMeta,
  encodeGroupMeta,
  encodeResultMeta,
  encodeTaskMessage,
  formatPythonIso,
  fromWire,
  loadCodecs,
  parseKombuJson,
  stringifyKombuJson,
  toNormalizedTask,
  toWire,
  unwrapTransport,
  wrapForTransport,
} from './codec/index.js';
export type { DateDoneFormat, DecodeLimits, TaskMessageInit } from './codec/index.js';
export * from './runner/index.js';
export * from './canvas/index.js';
export * from './store/index.js';
export * from './beat/index.js';
