/**
 * The built-in HTTP executor: POSTs the task to the route URL and maps the response to a
 * Celery outcome. The contract is in docs/runner.md ("HTTP executor").
 */
import { parseKombuJson, stringifyKombuJson } from '../codec/index.js';
import { wireInteger, wireNumber } from '../codec/wireNumber.js';
import type { ExecutionContext, ExecutionResult, Executor, ExecutorPlugin, TaskCall } from '../ports.js';
import type { ExceptionInfo, WireValue } from '../types.js';
import { pythonTraceback } from './exceptionInfo.js';
import { redactUrl } from './redactUrl.js';
import { maskSecrets, routeSecrets, scrubSecrets } from './scrubSecrets.js';

/** Options of the HTTP executor. */
export interface HttpExecutorOptions {
  /** Largest response body accepted, in bytes (default 10 MiB); larger → failure. */
  maxResponseBytes?: number;
  /** Extra request headers (for example an API key), never logged. */
  headers?: Record<string, string>;
  /** Give up on an answer after this long, even without a time limit (default 15 minutes). */
  timeoutMs?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15 * 60_000;
const EXCERPT_CHARS = 200;

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

function failure(
  exception: ExceptionInfo,
  traceback: string | null,
  call: TaskCall,
  url: string,
): ExecutionResult {
  return {
    status: 'failure',
    exception,
    traceback: traceback ?? pythonTraceback(null, exception, { file: url, fn: call.task }),
  };
}

function httpError(message: string, call: TaskCall, url: string): ExecutionResult {
  return failure(
    { exc_type: 'HTTPError', exc_message: [message], exc_module: 'requests.exceptions' },
    null,
    call,
    url,
  );
}

function isRecord(value: unknown): value is Record<string, WireValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function exceptionFromBody(body: Record<string, WireValue>): ExceptionInfo | null {
  if (typeof body.exc_type !== 'string' || body.exc_type === '') return null;
  const message = body.exc_message;
  return {
    exc_type: body.exc_type,
    exc_message: Array.isArray(message)
      ? message
      : message === undefined || message === null
        ? []
        : [message],
    exc_module: typeof body.exc_module === 'string' ? body.exc_module : 'builtins',
  };
}

function retryFromBody(retry: Record<string, WireValue>): ExecutionResult {
  const exc = isRecord(retry.exc) ? exceptionFromBody(retry.exc) : null;
  return {
    status: 'retry',
    ...(retry.countdown !== undefined && retry.countdown !== null
      ? { countdown: wireNumber(retry.countdown) ?? Number.NaN }
      : {}),
    ...(typeof retry.eta === 'string' ? { eta: retry.eta } : {}),
    exception: exc,
    ...(retry.max_retries === null
      ? { maxRetries: null }
      : retry.max_retries !== undefined
        ? { maxRetries: wireInteger(retry.max_retries) ?? Number.NaN }
        : {}),
  };
}

function parseJson(text: string): { ok: true; value: WireValue } | { ok: false } {
  try {
    return { ok: true, value: parseKombuJson(text) };
  } catch {
    return { ok: false };
  }
}

function errorResponse(
  status: number,
  text: string,
  call: TaskCall,
  url: string,
  excerpt: (text: string) => string,
): ExecutionResult {
  const parsed = parseJson(text);
  if (parsed.ok && isRecord(parsed.value)) {
    if (isRecord(parsed.value.retry)) return retryFromBody(parsed.value.retry);
    const exception = exceptionFromBody(parsed.value);
    if (exception) {
      const traceback = typeof parsed.value.traceback === 'string' ? parsed.value.traceback : null;
      return failure(exception, traceback, call, url);
    }
  }
  return httpError(`${status} Server Error for url: ${url}: ${excerpt(text)}`, call, url);
}

/**
 * Build an executor that POSTs each task to `route` (see docs/runner.md for the contract).
 *
 * @example
 * ```ts
 * const executor = createHttpExecutor(new URL('https://api.example.com/tasks/add'), { maxResponseBytes: 1_000_000 });
 * ```
 */
export function createHttpExecutor(route: URL, options: HttpExecutorOptions = {}): Executor {
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const url = redactUrl(route);
  // fetch refuses URLs with userinfo: send it as HTTP Basic credentials instead.
  const target = new URL(route.href);
  const auth: Record<string, string> =
    target.username || target.password
      ? {
          authorization: `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`,
        }
      : {};
  target.username = '';
  target.password = '';
  const secrets = routeSecrets(route, options.headers);
  // Masked before it is cut: a cut through a secret would leave its first characters.
  const excerpt = (text: string) => maskSecrets(text, secrets).slice(0, EXCERPT_CHARS);
  return {
    execute: async (call, context) => scrubSecrets(await send(call, context), secrets),
  };

  async function send(call: TaskCall, context: ExecutionContext): Promise<ExecutionResult> {
    const body = stringifyKombuJson({
      id: call.id,
      task: call.task,
      args: call.args,
      kwargs: call.kwargs,
      retries: call.retries,
      eta: call.eta,
      expires: call.expires,
      root_id: call.root_id,
      parent_id: call.parent_id,
      group: call.group,
    });
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const timedOut = () =>
      failure(
        {
          exc_type: 'TimeoutError',
          exc_message: [`${url}: no answer within ${timeoutMs} ms`],
          exc_module: 'builtins',
        },
        null,
        call,
        url,
      );
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'POST',
        headers: {
          ...options.headers,
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
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      return failure(
        { exc_type: 'ConnectionError', exc_message: [`${url}: ${cause}`], exc_module: 'builtins' },
        null,
        call,
        url,
      );
    }
    let text: string;
    try {
      text = await readCapped(response, limit);
    } catch (error) {
      if (error instanceof ResponseTooLarge)
        return httpError(`response larger than ${limit} bytes from ${url}`, call, url);
      if (timeout.aborted) return timedOut();
      return failure(
        {
          exc_type: 'ConnectionError',
          exc_message: [`${url}: ${(error as Error).name}`],
          exc_module: 'builtins',
        },
        null,
        call,
        url,
      );
    }
    if (response.status >= 300 && response.status < 400) {
      return httpError(`${response.status} redirect refused for url: ${url}`, call, url);
    }
    if (response.status < 200 || response.status >= 300)
      return errorResponse(response.status, text, call, url, excerpt);
    if (text.trim() === '') return { status: 'success', value: null };
    const parsed = parseJson(text);
    if (!parsed.ok) return httpError(`invalid JSON in 2xx response from ${url}: ${excerpt(text)}`, call, url);
    return { status: 'success', value: parsed.value };
  }
}

/**
 * Executor plugin for `http://` or `https://` routes.
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
  return { scheme, create: (route) => createHttpExecutor(route, options) };
}
