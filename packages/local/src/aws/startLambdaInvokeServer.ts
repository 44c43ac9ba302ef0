import { randomUUID } from 'node:crypto';
import { type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { type LocalService, closeServer } from './startSqsEmulator.js';

/**
 * A function hosted by the local Invoke server, called like a Lambda handler. A thrown error is
 * reported as the Node runtime does, unless it carries `errorPayload` (a runtime's own error
 * report, as {@link pythonLambdaFunction} throws), which is sent as it is.
 */
export type LambdaFunction = (
  event: unknown,
  context: { functionName: string; awsRequestId: string; getRemainingTimeInMillis(): number },
) => unknown;

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
/** Local functions get Lambda's default timeout. */
const FUNCTION_TIMEOUT_MS = 3 * 60_000;

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
}

interface Invocation {
  status: number;
  body: string;
  headers: Record<string, string>;
}

async function invoke(fn: LambdaFunction, name: string, payload: string): Promise<Invocation> {
  const requestId = randomUUID();
  const deadline = Date.now() + FUNCTION_TIMEOUT_MS;
  const headers = { 'x-amzn-requestid': requestId, 'x-amz-executed-version': '$LATEST' };
  try {
    const event = payload === '' ? {} : JSON.parse(payload);
    const context = {
      functionName: name,
      awsRequestId: requestId,
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
    const result = await fn(event, context);
    return { status: 200, body: result === undefined ? 'null' : JSON.stringify(result), headers };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    // A runtime that reports errors itself (pythonLambdaFunction) hands over its exact payload.
    const own = (error as { errorPayload?: unknown }).errorPayload;
    const body = own ?? {
      errorMessage: error.message,
      errorType: error.name,
      stackTrace: (error.stack ?? '').split('\n').slice(1),
    };
    return {
      status: 200,
      body: JSON.stringify(body),
      headers: { ...headers, 'x-amz-function-error': 'Unhandled' },
    };
  }
}

/**
 * Serve the Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`) on 127.0.0.1
 * for local functions, so `lambda://` routes work offline and in tests. RequestResponse answers
 * 200 with the payload, Event 202, DryRun 204; a thrown error answers 200 with
 * `X-Amz-Function-Error: Unhandled`; an unknown function 404 `ResourceNotFoundException`; a call
 * `throttle` picks 429 `TooManyRequestsException`.
 *
 * @example
 * ```ts
 * const server = await startLambdaInvokeServer({ functions: { greet: async (e) => `hi ${e.args[0]}` } });
 * const lambda = new LambdaClient({ endpoint: server.endpoint, region: 'us-east-1' });
 * ```
 */
export async function startLambdaInvokeServer(options: {
  port?: number;
  functions: Record<string, LambdaFunction>;
  /** Fault injection: answer this call as Lambda does when throttling (429 TooManyRequestsException). */
  throttle?: (functionName: string) => boolean;
}): Promise<LocalService> {
  const server = createServer(async (req, res) => {
    const match = INVOKE_PATH.exec((req.url ?? '').split('?')[0] ?? '');
    const payload = await text(req);
    if (req.method !== 'POST' || !match) {
      send(res, 404, JSON.stringify({ message: 'not found' }), {
        'x-amzn-errortype': 'ResourceNotFoundException',
      });
      return;
    }
    const name =
      decodeURIComponent(match[1] ?? '')
        .split(':')
        .at(-1) ?? '';
    const fn = Object.hasOwn(options.functions, name) ? options.functions[name] : undefined;
    if (!fn) {
      const message = `Function not found: ${name}`;
      send(res, 404, JSON.stringify({ Type: 'User', message }), {
        'x-amzn-errortype': 'ResourceNotFoundException',
      });
      return;
    }
    if (options.throttle?.(name)) {
      send(
        res,
        429,
        JSON.stringify({
          Reason: 'ConcurrentInvocationLimitExceeded',
          Type: 'User',
          message: 'Rate Exceeded.',
        }),
        {
          'x-amzn-errortype': 'TooManyRequestsException',
        },
      );
      return;
    }
    const type = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
    if (type === 'DryRun') return void res.writeHead(204).end();
    if (type === 'Event') {
      res.writeHead(202).end();
      void invoke(fn, name, payload);
      return;
    }
    const answer = await invoke(fn, name, payload);
    send(res, answer.status, answer.body, answer.headers);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => closeServer(server) };
}
