import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  ConfigError,
  type ExceptionInfo,
  type ExecutionContext,
  type ExecutionResult,
  type Executor,
  type ExecutorPlugin,
  type TaskCall,
  exceptionInfoFromError,
  parseKombuJson,
  pythonTraceback,
  stringifyKombuJson,
} from '@celery-cloud/core';
import { CircuitBreaker } from './CircuitBreaker.js';
import { PYTHON_BUILTIN_EXCEPTIONS } from './pythonBuiltinExceptions.js';

/** Options of the Lambda invoker. */
export interface LambdaInvokerOptions {
  client?: LambdaClient;
  /** Attempts for throttling and 5xx answers, with exponential backoff. Default 3. */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt. Default 200 ms. */
  backoffMs?: number;
  /** Consecutive failures that open a function's breaker, and how long it stays open. */
  breaker?: { threshold: number; coolDownMs: number };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

function failure(exc_type: string, message: string, exc_module = 'builtins'): ExecutionResult {
  return { status: 'failure', exception: { exc_type, exc_message: [message], exc_module }, traceback: null };
}

/** A function error (`X-Amz-Function-Error`) as the FAILURE Celery stores. */
function functionFailure(payload: Record<string, unknown>): ExecutionResult {
  const type = String(payload.errorType ?? 'Exception');
  const message = String(payload.errorMessage ?? '');
  const error = Object.assign(new Error(message), { name: type });
  const frames = Array.isArray(payload.stackTrace) ? payload.stackTrace.map(String) : [];
  error.stack = [`${type}: ${message}`, ...frames].join('\n');
  const exception: ExceptionInfo = PYTHON_BUILTIN_EXCEPTIONS.has(type)
    ? { exc_type: type, exc_message: [message], exc_module: 'builtins' }
    : exceptionInfoFromError(error);
  return {
    status: 'failure',
    exception,
    traceback: pythonTraceback(error, exception, { file: 'lambda', fn: type }),
  };
}

/** An API-style answer (`{statusCode, body}`) carries the result in its JSON body. */
function unwrapBody(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'statusCode' in value && 'body' in value) {
    const body = (value as { body: unknown }).body;
    if (typeof body === 'string') {
      try {
        return parseKombuJson(body);
      } catch {
        return body;
      }
    }
  }
  return value;
}

function routeTarget(route: URL): { functionName: string; qualifier: string | undefined } {
  const [target = ''] = route.href.slice('lambda://'.length).split('?');
  const functionName = decodeURIComponent(target.replace(/\/$/, ''));
  if (!functionName) throw new ConfigError(`lambda route ${route.href} names no function`);
  return { functionName, qualifier: route.searchParams.get('qualifier') ?? undefined };
}

/**
 * The `lambda://<function name or ARN>[?qualifier=..]` executor plugin: a synchronous Invoke with
 * `{"args", "kwargs", "task": {id, name, retries, eta, expires, root_id, parent_id, group}}`. The
 * response payload is the result (an API-style `body` is unwrapped); a function error becomes a
 * FAILURE with its `errorType`/`errorMessage`/`stackTrace`; throttling and 5xx are retried with
 * backoff; a circuit breaker per function fails fast during an outage.
 *
 * @example
 * ```ts
 * const runner = createRunner({ backend, routes: { 'proj.resize': 'lambda://resize-image' }, plugins: [createInvoker()] });
 * ```
 */
export function createInvoker(options: LambdaInvokerOptions = {}): ExecutorPlugin {
  const client = options.client ?? new LambdaClient({});
  const maxAttempts = options.maxAttempts ?? 3;
  const breakers = new Map<string, CircuitBreaker>();
  const breakerFor = (name: string) => {
    const existing = breakers.get(name);
    if (existing) return existing;
    const breaker = new CircuitBreaker(options.breaker ?? { threshold: 5, coolDownMs: 30_000 });
    breakers.set(name, breaker);
    return breaker;
  };

  return {
    scheme: 'lambda',
    create(route: URL): Executor {
      const { functionName, qualifier } = routeTarget(route);
      const breaker = breakerFor(functionName);
      return {
        async execute(call: TaskCall, context: ExecutionContext): Promise<ExecutionResult> {
          if (breaker.isOpen()) {
            return failure(
              'LambdaCircuitOpen',
              `${functionName} failed repeatedly; not invoked`,
              'celery_cloud.errors',
            );
          }
          const { task: name, args, kwargs, ...rest } = call;
          const Payload = Buffer.from(stringifyKombuJson({ args, kwargs, task: { ...rest, name } }));
          for (let attempt = 1; ; attempt++) {
            try {
              const r = await client.send(
                new InvokeCommand({ FunctionName: functionName, Qualifier: qualifier, Payload }),
                { abortSignal: context.signal },
              );
              breaker.recordSuccess();
              const text = r.Payload ? Buffer.from(r.Payload).toString('utf8') : 'null';
              const value = text.trim() === '' ? null : parseKombuJson(text);
              if (r.FunctionError) return functionFailure((value ?? {}) as Record<string, unknown>);
              return { status: 'success', value: unwrapBody(value) };
            } catch (e) {
              const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
              const status = err.$metadata?.httpStatusCode ?? 0;
              const retryable = status === 429 || status >= 500 || err.name === 'TooManyRequestsException';
              if (retryable && attempt < maxAttempts && !context.signal.aborted) {
                await sleep((options.backoffMs ?? 200) * 2 ** (attempt - 1), context.signal);
                continue;
              }
              breaker.recordFailure();
              return failure(
                err.name ?? 'LambdaInvokeError',
                `${functionName}: ${err.message ?? String(e)}`,
                'celery_cloud.errors',
              );
            }
          }
        },
      };
    },
  };
}
