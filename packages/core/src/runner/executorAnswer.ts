/**
 * What a remote function's answer means: the one place every invoker (HTTP, Lambda, Azure
 * Functions, Cloud Functions, plugins) turns an answer into a Celery outcome
 * (docs/executor-protocol.md, "Answers").
 */
import { parseKombuJson } from '../codec/index.js';
import { wireInteger, wireNumber } from '../codec/wireNumber.js';
import type { ExecutionResult } from '../ports.js';
import type { ExceptionInfo, WireValue } from '../types.js';
import { exceptionInfoFromError, pythonTraceback } from './exceptionInfo.js';
import { EXECUTOR_PROTOCOL, EXECUTOR_PROTOCOL_PREFIX } from './executorRequest.js';
import { PYTHON_BUILTIN_EXCEPTIONS } from './pythonBuiltinExceptions.js';
import { rejectOf } from './reject.js';

/** Who answered, for messages and generated tracebacks: a redacted target and the task name. */
export interface AnswerSource {
  target: string;
  task: string;
  /** Masks the route's secrets in a body excerpt, before it is cut: a cut through a secret would
   * leave its first characters unmasked. */
  mask?: (text: string) => string;
}

/** The start of a body quoted in an error message, masked first. */
function excerpt(text: string, source: AnswerSource): string {
  return (source.mask ? source.mask(text) : text).slice(0, EXCERPT_CHARS);
}

/** An HTTP answer read: `answered` is false when the function itself gave no protocol answer
 * (a gateway error, a throttle, a plain error page), which is what transports may retry. */
export interface HttpAnswer {
  result: ExecutionResult;
  answered: boolean;
}

const EXCERPT_CHARS = 200;
const ERRORS_MODULE = 'celery_cloud.errors';
const RETRY_FIELDS = new Set(['countdown', 'eta', 'max_retries', 'exc']);
const API_GATEWAY_FIELDS = new Set([
  'statusCode',
  'body',
  'headers',
  'multiValueHeaders',
  'isBase64Encoded',
  'cookies',
]);

type Json = Record<string, WireValue>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function failure(exception: ExceptionInfo, traceback: string | null, source: AnswerSource): ExecutionResult {
  return {
    status: 'failure',
    exception,
    traceback: traceback ?? pythonTraceback(null, exception, { file: source.target, fn: source.task }),
  };
}

/**
 * A FAILURE `celery_cloud.errors.ProtocolError`: the answer cannot be understood.
 *
 * @example
 * ```ts
 * protocolError('answer is not JSON', { target: 'lambda://resize', task: 'img.resize' });
 * ```
 */
export function protocolError(message: string, source: AnswerSource): ExecutionResult {
  return failure(
    { exc_type: 'ProtocolError', exc_message: [`${source.target}: ${message}`], exc_module: ERRORS_MODULE },
    null,
    source,
  );
}

function httpError(message: string, source: AnswerSource): ExecutionResult {
  return failure(
    { exc_type: 'HTTPError', exc_message: [message], exc_module: 'requests.exceptions' },
    null,
    source,
  );
}

function exceptionOf(body: Json): ExceptionInfo | null {
  if (typeof body.exc_type !== 'string' || body.exc_type === '') return null;
  const message = body.exc_message;
  return {
    exc_type: body.exc_type,
    exc_message: Array.isArray(message)
      ? message
      : message === undefined || message === null
        ? []
        : [message],
    exc_module: typeof body.exc_module === 'string' && body.exc_module ? body.exc_module : 'builtins',
  };
}

function failureOf(body: Json, source: AnswerSource): ExecutionResult | null {
  const exception = exceptionOf(body);
  if (!exception) return null;
  return failure(exception, typeof body.traceback === 'string' ? body.traceback : null, source);
}

function retryOf(retry: Json, source: AnswerSource): ExecutionResult {
  const { eta, exc } = retry;
  // Python's json.dumps writes 5.0 for a float: read the numbers as numbers whatever their form.
  const countdown =
    retry.countdown === undefined || retry.countdown === null ? null : wireNumber(retry.countdown);
  if (countdown === null ? retry.countdown !== undefined && retry.countdown !== null : !(countdown >= 0))
    return protocolError(
      `retry countdown must be a number ≥ 0, got ${JSON.stringify(retry.countdown)}`,
      source,
    );
  if (eta !== undefined && eta !== null && (typeof eta !== 'string' || Number.isNaN(Date.parse(eta))))
    return protocolError(`retry eta must be an ISO 8601 time, got ${JSON.stringify(eta)}`, source);
  const maxRetries =
    retry.max_retries === undefined || retry.max_retries === null
      ? retry.max_retries
      : wireInteger(retry.max_retries);
  if (maxRetries === null && retry.max_retries !== null && retry.max_retries !== undefined)
    return protocolError(
      `retry max_retries must be an integer or null, got ${JSON.stringify(retry.max_retries)}`,
      source,
    );
  return {
    status: 'retry',
    ...(countdown !== null ? { countdown } : {}),
    ...(typeof eta === 'string' ? { eta } : {}),
    exception: isRecord(exc) ? exceptionOf(exc) : null,
    ...(maxRetries !== undefined ? { maxRetries } : {}),
  };
}

/** `{"retry": {...}}` and nothing else, with only retry fields: a retry request (all protocols). */
function isBareRetry(value: Json): value is { retry: Json } {
  const keys = Object.keys(value);
  return (
    keys.length === 1 &&
    isRecord(value.retry) &&
    Object.keys(value.retry).every((key) => RETRY_FIELDS.has(key))
  );
}

function isEnvelope(value: Json): boolean {
  return typeof value.protocol === 'string' && value.protocol.startsWith(EXECUTOR_PROTOCOL_PREFIX);
}

function fromEnvelope(answer: Json, source: AnswerSource): ExecutionResult {
  if (answer.protocol !== EXECUTOR_PROTOCOL)
    return protocolError(
      `answer speaks ${JSON.stringify(answer.protocol)}; this runner speaks ${EXECUTOR_PROTOCOL}`,
      source,
    );
  switch (answer.status) {
    case 'success':
      return { status: 'success', value: answer.result === undefined ? null : answer.result };
    case 'failure':
      return failureOf(answer, source) ?? protocolError('failure answer without exc_type', source);
    case 'retry':
      return retryOf(isRecord(answer.retry) ? answer.retry : {}, source);
    default:
      return protocolError(
        `answer status must be success, failure or retry, got ${JSON.stringify(answer.status)}`,
        source,
      );
  }
}

/**
 * A decoded answer body (a 2xx HTTP body, a Lambda payload that is not API-Gateway-shaped): a
 * `celery-cloud/1` answer means what it says, `{"retry": {...}}` alone is a retry request, and
 * anything else is the task's value, as functions written before the protocol answer.
 *
 * @example
 * ```ts
 * answerFromBody({ protocol: 'celery-cloud/1', status: 'success', result: 5 }, source); // {status: 'success', value: 5}
 * answerFromBody(5, source); // {status: 'success', value: 5}
 * ```
 */
export function answerFromBody(value: WireValue, source: AnswerSource): ExecutionResult {
  if (isRecord(value)) {
    if (isEnvelope(value)) return fromEnvelope(value, source);
    if (isBareRetry(value)) return retryOf(value.retry, source);
    const rejected = Object.keys(value).length === 1 ? rejectOf(value.reject) : null;
    if (rejected) return rejected;
  }
  return { status: 'success', value };
}

function parse(text: string): { ok: true; value: WireValue } | { ok: false } {
  try {
    return { ok: true, value: parseKombuJson(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * An HTTP answer (also the `statusCode`/`body` a Lambda behind API Gateway returns): a
 * `celery-cloud/1` body whatever the status; on 2xx the body (empty → `null`); otherwise a
 * `{"retry"}` or `{"exc_type"}` body, else `requests.exceptions.HTTPError` with the status and
 * a body excerpt. 3xx is refused (redirects are never followed).
 *
 * @example
 * ```ts
 * answerFromHttp(503, '{"retry": {"countdown": 30}}', source).result; // {status: 'retry', countdown: 30, exception: null}
 * ```
 */
export function answerFromHttp(status: number, text: string, source: AnswerSource): HttpAnswer {
  const parsed = text.trim() === '' ? { ok: true as const, value: null } : parse(text);
  if (parsed.ok && isRecord(parsed.value) && isEnvelope(parsed.value))
    return { result: fromEnvelope(parsed.value, source), answered: true };
  if (status >= 200 && status < 300) {
    if (!parsed.ok)
      return {
        result: httpError(
          `invalid JSON in 2xx response from ${source.target}: ${excerpt(text, source)}`,
          source,
        ),
        answered: false,
      };
    return { result: answerFromBody(parsed.value, source), answered: true };
  }
  if (status >= 300 && status < 400)
    return {
      result: httpError(`${status} redirect refused for url: ${source.target}`, source),
      answered: false,
    };
  if (parsed.ok && isRecord(parsed.value)) {
    if (isRecord(parsed.value.retry)) return { result: retryOf(parsed.value.retry, source), answered: true };
    const failed = failureOf(parsed.value, source);
    if (failed) return { result: failed, answered: true };
  }
  const kind = status >= 500 ? 'Server Error' : 'Client Error';
  return {
    result: httpError(`${status} ${kind} for url: ${source.target}: ${excerpt(text, source)}`, source),
    answered: false,
  };
}

function isApiGatewayShaped(value: Json): boolean {
  return (
    typeof value.statusCode === 'number' && Object.keys(value).every((key) => API_GATEWAY_FIELDS.has(key))
  );
}

/**
 * A Lambda payload returned without `FunctionError`: an API-Gateway-shaped `{statusCode, body}`
 * is read as that HTTP answer (an error status is a failure), anything else as {@link answerFromBody}.
 *
 * @example
 * ```ts
 * answerFromLambdaPayload({ statusCode: 500, body: 'boom' }, source); // FAILURE requests.exceptions.HTTPError
 * ```
 */
export function answerFromLambdaPayload(value: WireValue, source: AnswerSource): ExecutionResult {
  if (isRecord(value) && isApiGatewayShaped(value)) {
    const raw = value.body;
    const text =
      raw === undefined || raw === null
        ? ''
        : typeof raw !== 'string'
          ? JSON.stringify(raw)
          : value.isBase64Encoded === true
            ? Buffer.from(raw, 'base64').toString('utf8')
            : raw;
    const status = value.statusCode as number;
    // A body that is not JSON was a text answer before the protocol: keep it as a string value.
    if (status >= 200 && status < 300 && text.trim() !== '' && !parse(text).ok)
      return { status: 'success', value: text };
    return answerFromHttp(status, text, source).result;
  }
  return answerFromBody(value, source);
}

const PYTHON_FRAME = /^\s*File "/;

/**
 * A Lambda function error (`X-Amz-Function-Error`, payload `{errorType, errorMessage,
 * stackTrace}`): a Python builtin keeps its class (`builtins.ValueError`), other names become
 * `celery_cloud.errors.<name>`; Python stack frames are kept as the traceback, Node frames are
 * rewritten in Python form.
 *
 * @example
 * ```ts
 * answerFromFunctionError({ errorType: 'KeyError', errorMessage: "'sku'", stackTrace: [] }, source);
 * ```
 */
export function answerFromFunctionError(payload: WireValue, source: AnswerSource): ExecutionResult {
  const body = isRecord(payload) ? payload : {};
  const type = typeof body.errorType === 'string' && body.errorType ? body.errorType : 'Exception';
  const message = typeof body.errorMessage === 'string' ? body.errorMessage : String(body.errorMessage ?? '');
  const frames = Array.isArray(body.stackTrace) ? body.stackTrace.map(String) : [];
  const exception: ExceptionInfo = PYTHON_BUILTIN_EXCEPTIONS.has(type)
    ? { exc_type: type, exc_message: [message], exc_module: 'builtins' }
    : exceptionInfoFromError(Object.assign(new Error(message), { name: type }));
  if (frames.length > 0 && frames.every((frame) => PYTHON_FRAME.test(frame))) {
    const lines = frames.map((frame) => (frame.endsWith('\n') ? frame : `${frame}\n`)).join('');
    return failure(exception, `Traceback (most recent call last):\n${lines}${type}: ${message}\n`, source);
  }
  const error = Object.assign(new Error(message), { name: type });
  error.stack = [`${type}: ${message}`, ...frames].join('\n');
  return failure(exception, pythonTraceback(error, exception, { file: source.target, fn: type }), source);
}
