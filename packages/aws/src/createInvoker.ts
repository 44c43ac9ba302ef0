/**
 * Running tasks on AWS Lambda functions: `lambda://` routes, speaking the executor protocol
 * (docs/executor-protocol.md) over the synchronous Invoke API.
 */
import type { LambdaClient, LambdaClientConfig } from '@aws-sdk/client-lambda';
import {
  type AnswerSource,
  type AttemptOutcome,
  DEFAULT_REMOTE_CALL_POLICY,
  type ExecutionContext,
  type ExecutionResult,
  type Executor,
  type ExecutorPlugin,
  type RemoteCallPolicy,
  type TaskCall,
  answerFromFunctionError,
  answerFromLambdaPayload,
  createRemoteCaller,
  executorRequest,
  parseKombuJson,
  protocolError,
  remoteCallPolicy,
  stringifyKombuJson,
} from '@celery-cloud/core';
import { parseLambdaTarget } from './parseLambdaTarget.js';

/** Options of the Lambda invoker. */
export interface LambdaInvokerOptions {
  /** The client for names and partial ARNs (and, without `clientForRegion`, for every route). */
  client?: LambdaClient;
  /**
   * Settings of the clients the invoker makes itself, without `client` (endpoint, credentials);
   * a full ARN's region replaces `region`.
   */
  clientConfig?: LambdaClientConfig;
  /** The client for a full ARN's region (default: a client for that region). */
  clientForRegion?: (region: string) => LambdaClient;
  /** Retries and circuit breaker for every route; a route's `#fragment` overrides them. */
  policy?: Partial<RemoteCallPolicy>;
}

/**
 * The Lambda SDK, loaded when the first `lambda://` call is made: a function without such routes
 * never loads it, which keeps it out of the bundle's cold start (esbuild puts it in a chunk).
 */
let lambdaSdk: Promise<typeof import('@aws-sdk/client-lambda')> | undefined;
const loadLambdaSdk = () => {
  lambdaSdk ??= import('@aws-sdk/client-lambda');
  return lambdaSdk;
};

function invokeFailure(err: { name?: string; message?: string }, target: string): ExecutionResult {
  return {
    status: 'failure',
    exception: {
      exc_type: err.name ?? 'LambdaInvokeError',
      exc_message: [`${target}: ${err.message ?? 'invoke failed'}`],
      exc_module: 'celery_cloud.errors',
    },
    traceback: null,
  };
}

/** SDK errors worth another attempt: throttling, service errors, timeouts and lost connections. */
function isTransient(err: { name?: string; $metadata?: { httpStatusCode?: number } }): boolean {
  const status = err.$metadata?.httpStatusCode;
  if (status === undefined) return true;
  return status === 429 || status >= 500 || err.name === 'TooManyRequestsException';
}

/**
 * The `lambda://` executor plugin: a synchronous Invoke with the executor protocol's request
 * (`{args, kwargs, protocol, id, name, …, task: {…}}`). Routes name a function, a partial or full
 * ARN (the region comes from it) and optionally a version or alias (`lambda://resize:live`).
 * The answer is read by core's executor answer rules: a `celery-cloud/1` answer, an API-Gateway
 * `{statusCode, body}` (an error status is a failure), `{"retry": {…}}`, `FunctionError`, else
 * the value. Throttling, 5xx and timeouts are retried with back-off and jitter; a circuit
 * breaker per function fails fast during an outage.
 *
 * @example
 * ```ts
 * const runner = createRunner({
 *   backend,
 *   routes: { 'img.resize': 'lambda://arn:aws:lambda:eu-west-1:123456789012:function:resize:live#attempts=5' },
 *   plugins: [createInvoker()],
 * });
 * ```
 */
export function createInvoker(options: LambdaInvokerOptions = {}): ExecutorPlugin {
  const base: RemoteCallPolicy = { ...DEFAULT_REMOTE_CALL_POLICY, ...options.policy };
  const caller = createRemoteCaller();
  const clients = new Map<string, Promise<LambdaClient>>();
  const makeClient = async (region: string | undefined): Promise<LambdaClient> => {
    if (region && options.clientForRegion) return options.clientForRegion(region);
    if (options.client) return options.client;
    const { LambdaClient } = await loadLambdaSdk();
    return new LambdaClient({ maxAttempts: 1, ...options.clientConfig, ...(region ? { region } : {}) });
  };
  const clientFor = (region: string | undefined): Promise<LambdaClient> => {
    const key = region ?? '';
    let client = clients.get(key);
    if (!client) {
      client = makeClient(region);
      clients.set(key, client);
    }
    return client;
  };

  return {
    scheme: 'lambda',
    create(route: URL): Executor {
      const { functionName, qualifier, region } = parseLambdaTarget(route);
      const policy = remoteCallPolicy(route, base);
      const target = `lambda://${functionName}${qualifier ? `:${qualifier}` : ''}`;

      async function attempt(
        call: TaskCall,
        context: ExecutionContext,
        source: AnswerSource,
      ): Promise<AttemptOutcome> {
        const Payload = Buffer.from(stringifyKombuJson(executorRequest(call, context, 'object')));
        try {
          const [{ InvokeCommand }, lambda] = await Promise.all([loadLambdaSdk(), clientFor(region)]);
          const r = await lambda.send(
            new InvokeCommand({ FunctionName: functionName, Qualifier: qualifier, Payload }),
            { abortSignal: context.signal },
          );
          const text = r.Payload ? Buffer.from(r.Payload).toString('utf8') : '';
          let value: unknown = null;
          if (text.trim() !== '') {
            try {
              value = parseKombuJson(text);
            } catch {
              return {
                kind: 'answered',
                result: protocolError(`answer is not JSON: ${text.slice(0, 200)}`, source),
              };
            }
          }
          if (r.FunctionError) return { kind: 'answered', result: answerFromFunctionError(value, source) };
          return { kind: 'answered', result: answerFromLambdaPayload(value, source) };
        } catch (e) {
          const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
          const result = invokeFailure(err, target);
          if (context.signal.aborted || !isTransient(err)) return { kind: 'broken', result };
          return { kind: 'transient', result };
        }
      }

      return {
        execute: (call, context) =>
          caller.call(target, policy, context, () => attempt(call, context, { target, task: call.task })),
      };
    },
  };
}
