/**
 * The built-in HTTP executor: POSTs the executor protocol's request to the route URL and reads
 * the answer (docs/executor-protocol.md). Azure Functions and Cloud Functions invokers build on it.
 */
import { stringifyKombuJson } from '../codec/index.js';
import type { ExecutionContext, ExecutionResult, Executor, ExecutorPlugin, TaskCall } from '../ports.js';
import type { ExceptionInfo } from '../types.js';
import { exceptionInfoFromError, pythonTraceback } from './exceptionInfo.js';
import { type AnswerSource, answerFromHttp } from './executorAnswer.js';
import { executorRequest } from './executorRequest.js';
import { redactUrl } from './redactUrl.js';
import {
  type AttemptOutcome,
  DEFAULT_REMOTE_CALL_POLICY,
  type RemoteCallPolicy,
  type RemoteCaller,
  createRemoteCaller,
  remoteCallPolicy,
  retryAfterMs,
  withoutOptions,
} from './remoteCallPolicy.js';
import { maskSecrets, routeSecrets, scrubSecrets } from './scrubSecrets.js';

/** Options of the HTTP executor. */
export interface HttpExecutorOptions {
  /** Largest response body accepted, in bytes (default 10 MiB); larger → failure. */
  maxResponseBytes?: number;
  /** Extra request headers (for example an API key), never logged. */
  headers?: Record<string, string>;
  /** Headers fetched before each attempt (an ID token); a rejection fails the task without calling. */
  authorize?: () => Promise<Record<string, string>>;
  /** Give up on one attempt after this long, even without a time limit (default 15 minutes). */
  timeoutMs?: number;
  /** Retries and circuit breaker (a route's `#fragment` overrides it). */
  policy?: Partial<RemoteCallPolicy>;
  /** Shares breakers between executors of one plugin (made by the plugin). */
  caller?: RemoteCaller;
}

const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15 * 60_000;

class ResponseTooLarge extends Error {}

async function readCapped(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new ResponseTooLarge();
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ResponseTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function failure(exception: ExceptionInfo, source: AnswerSource): ExecutionResult {
  return {
    status: 'failure',
    exception,
    traceback: pythonTraceback(null, exception, { file: source.target, fn: source.task }),
  };
}

const builtin = (exc_type: string, message: string): ExceptionInfo => ({
  exc_type,
  exc_message: [message],
  exc_module: 'builtins',
});

/**
 * Build an executor that POSTs each task to `route` (docs/executor-protocol.md for the contract):
 * throttling (429), 5xx without a protocol answer, timeouts and connection failures are retried
 * with back-off and jitter (honouring `Retry-After`), and a circuit breaker fails fast when the
 * endpoint keeps failing.
 *
 * @example
 * ```ts
 * const executor = createHttpExecutor(new URL('https://api.example.com/tasks/add#attempts=5'), { maxResponseBytes: 1_000_000 });
 * ```
 */
export function createHttpExecutor(route: URL, options: HttpExecutorOptions = {}): Executor {
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const url = redactUrl(route);
  const policy = remoteCallPolicy(route, { ...DEFAULT_REMOTE_CALL_POLICY, ...options.policy });
  const caller = options.caller ?? createRemoteCaller();
  // fetch refuses URLs with userinfo: send it as HTTP Basic credentials instead.
  const target = withoutOptions(route);
  const auth: Record<string, string> =
    target.username || target.password
      ? {
          authorization: `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`,
        }
      : {};
  target.username = '';
  target.password = '';
  const secrets = routeSecrets(route, options.headers);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    execute: async (call, context) => {
      const source = { target: url, task: call.task, mask: (text: string) => maskSecrets(text, secrets) };
      const result = await caller.call(url, policy, context, () => attempt(call, context, source));
      return scrubSecrets(result, secrets);
    },
  };

  async function attempt(
    call: TaskCall,
    context: ExecutionContext,
    source: AnswerSource,
  ): Promise<AttemptOutcome> {
    let extra: Record<string, string> = {};
    if (options.authorize) {
      try {
        extra = await options.authorize();
      } catch (error) {
        return { kind: 'broken', result: failure(exceptionInfoFromError(error), source) };
      }
    }
    const body = stringifyKombuJson(executorRequest(call, context, 'name'));
    const timeout = AbortSignal.timeout(timeoutMs);
    const timedOut = (): AttemptOutcome => ({
      kind: 'transient',
      result: failure(builtin('TimeoutError', `${url}: no answer within ${timeoutMs} ms`), source),
    });
    const connectionFailed = (cause: string): AttemptOutcome => ({
      kind: 'transient',
      result: failure(builtin('ConnectionError', `${url}: ${cause}`), source),
    });
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'POST',
        headers: {
          ...options.headers,
          ...extra,
          ...auth,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([context.signal, timeout]),
      });
    } catch (error) {
      if (timeout.aborted) return timedOut();
      // Only the error code or name: fetch messages can quote the full URL with its secrets.
      return connectionFailed((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name);
    }
    let text: string;
    try {
      text = await readCapped(response, limit);
    } catch (error) {
      if (error instanceof ResponseTooLarge)
        return {
          kind: 'broken',
          result: failure(
            {
              exc_type: 'HTTPError',
              exc_message: [`response larger than ${limit} bytes from ${url}`],
              exc_module: 'requests.exceptions',
            },
            source,
          ),
        };
      if (timeout.aborted) return timedOut();
      return connectionFailed((error as Error).name);
    }
    const answer = answerFromHttp(response.status, text, source);
    if (answer.answered) return { kind: 'answered', result: answer.result };
    if (response.status === 429 || response.status >= 500) {
      const after = retryAfterMs(response.headers.get('retry-after'));
      return {
        kind: 'transient',
        result: answer.result,
        ...(after === undefined ? {} : { retryAfterMs: after }),
      };
    }
    return { kind: 'broken', result: answer.result };
  }
}

/**
 * Executor plugin for `http://` or `https://` routes; its routes share circuit breakers by URL.
 *
 * @example
 * ```ts
 * const plugins = [httpExecutorPlugin('https', { headers: { 'x-api-key': process.env.API_KEY! } })];
 * ```
 */
export function httpExecutorPlugin(
  scheme: 'http' | 'https',
  options: HttpExecutorOptions = {},
): ExecutorPlugin {
  const caller = options.caller ?? createRemoteCaller();
  return { scheme, create: (route) => createHttpExecutor(route, { ...options, caller }) };
}
