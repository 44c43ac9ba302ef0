/**
 * Calls of an AWS JSON protocol (DynamoDB's, SQS's) sent without the SDK's per-call middleware:
 * the JSON body, a SigV4 signature and the client's own HTTP handler (its agent, keep-alive and
 * timeouts), with the client's credentials, region, endpoint and clock offset. Each call says
 * which answers it reads; anything else is handed to the SDK's `send`, so retries, clock-skew
 * correction and typed errors are the SDK's.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { SigV4Signer } from './signV4.js';

/** The SDK clients whose calls can go direct. */
export type JsonProtocolClient = DynamoDBClient | SQSClient;

/** A service's JSON protocol as its SDK client speaks it. */
export interface JsonProtocol {
  /** The service name requests are signed for (`dynamodb`, `sqs`). */
  signingName: string;
  /** What `x-amz-target` holds before `.<Operation>` (`DynamoDB_20120810`, `AmazonSQS`). */
  targetPrefix: string;
  /** Headers the SDK sends with every call besides the target (SQS: `x-amzn-query-mode`). */
  headers?: Record<string, string>;
}

/** Where a client's direct calls go, resolved once from its configuration. */
export interface DirectRoute {
  url: URL;
  /** Whether the client was given its endpoint (rather than the SDK's rules choosing it). */
  customEndpoint: boolean;
  signer: SigV4Signer;
}

/** A service's answer to a direct call. */
export interface DirectAnswer {
  statusCode: number;
  text: string;
  /** The error's type from a JSON error answer (`namespace#Name` → `Name`); null otherwise. */
  errorType: string | null;
}

/** One call: the operation and body to send, how to read its answer, and the same call via the SDK. */
export interface DirectCall<T> {
  operation: string;
  body: string;
  /** The call's result from the answer, or undefined to hand the call to `viaSdk`. */
  read(answer: DirectAnswer): T | undefined;
  /** The same call through `client.send`. */
  viaSdk(): Promise<T>;
  abortSignal?: AbortSignal | undefined;
}

/** Whether middleware was added to the client (tracing, logging...): its calls must go through it. */
function hasOwnMiddleware(client: JsonProtocolClient): boolean {
  const Stock = client.constructor as new (config: object) => JsonProtocolClient;
  const own = client.middlewareStack.identify();
  const stock = new Stock({}).middlewareStack.identify();
  return own.length !== stock.length || own.some((name, i) => name !== stock[i]);
}

/** The endpoint the SDK would call, from its own rules; null when they cannot say. */
async function resolveRoute(client: JsonProtocolClient, signingName: string): Promise<DirectRoute | null> {
  if (hasOwnMiddleware(client)) return null;
  const config = client.config;
  const region = await config.region();
  const custom = config.endpoint ? await config.endpoint() : undefined;
  const endpoint = custom
    ? `${custom.protocol}//${custom.hostname}${custom.port ? `:${custom.port}` : ''}${custom.path}`
    : undefined;
  const resolved = config.endpointProvider({
    Region: region,
    UseFIPS: await config.useFipsEndpoint(),
    UseDualStack: await config.useDualstackEndpoint(),
    ...(endpoint ? { Endpoint: endpoint } : {}),
  });
  // Endpoints that ask for another signing scheme or extra headers are left to the SDK.
  if (resolved.properties?.authSchemes !== undefined || Object.keys(resolved.headers ?? {}).length > 0)
    return null;
  return {
    url: new URL(String(resolved.url)),
    customEndpoint: custom !== undefined,
    signer: new SigV4Signer(region, signingName),
  };
}

/** Each client's route, shared by all its direct calls; null once the client must use the SDK. */
const routes = new WeakMap<JsonProtocolClient, Promise<DirectRoute | null>>();

function routeOf(client: JsonProtocolClient, signingName: string): Promise<DirectRoute | null> {
  let route = routes.get(client);
  if (route === undefined) {
    route = resolveRoute(client, signingName).catch(() => null);
    routes.set(client, route);
  }
  return route;
}

/** Error types saying the request's signature or its credentials were not accepted. */
const SIGNATURE_REFUSED =
  /SignatureException$|^MissingAuthenticationToken|^UnrecognizedClient|^SignatureDoesNotMatch$/;

/** The whole answer as text, read from the stream's events (no async iterator per answer). */
function readBody(body: unknown): Promise<string> {
  if (body === undefined || body === null) return Promise.resolve('');
  const stream = body as NodeJS.ReadableStream;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
    stream.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.once('error', reject);
  });
}

/** The error's type from a JSON error answer (`namespace#Name` or `Name`); null when there is none. */
function errorTypeOf(statusCode: number, text: string): string | null {
  if (statusCode < 300) return null;
  try {
    const type = (JSON.parse(text) as { __type?: unknown }).__type;
    return typeof type === 'string' ? (type.split('#').pop() ?? null) : null;
  } catch {
    return null;
  }
}

/**
 * The direct calls of `client` for one protocol, costing about a third of the CPU of
 * `client.send` (the SDK resolves, serializes and signs through its middleware on every call).
 * A client given middleware of its own (seen at its first call), or whose endpoint rules ask for
 * more than a SigV4-signed POST, always goes through the SDK; so does a client whose direct
 * signature was once refused (the SDK's request then decides), and any call for which `usable`
 * says no to the route (SQS: the SDK would send to the queue URL's host instead).
 *
 * @example
 * ```ts
 * const call = directJsonCaller(sqs, { signingName: 'sqs', targetPrefix: 'AmazonSQS' });
 * await call({ operation: 'ChangeMessageVisibility', body, read: (a) => (a.statusCode === 200 ? true : undefined), viaSdk });
 * ```
 */
export function directJsonCaller(
  client: JsonProtocolClient,
  protocol: JsonProtocol,
  usable: (route: DirectRoute) => boolean = () => true,
): <T>(call: DirectCall<T>) => Promise<T> {
  return async (call) => {
    const to = await routeOf(client, protocol.signingName);
    if (to === null || !usable(to)) return call.viaSdk();
    const config = client.config;
    const headers = to.signer.sign(
      {
        method: 'POST',
        host: to.url.host,
        path: to.url.pathname,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `${protocol.targetPrefix}.${call.operation}`,
          ...protocol.headers,
        },
        body: call.body,
      },
      await config.credentials(),
      new Date(Date.now() + (config.systemClockOffset ?? 0)),
    );
    try {
      const { response } = await config.requestHandler.handle(
        {
          method: 'POST',
          protocol: to.url.protocol,
          hostname: to.url.hostname,
          ...(to.url.port ? { port: Number(to.url.port) } : {}),
          path: to.url.pathname,
          query: {},
          headers: { ...headers, 'content-length': String(Buffer.byteLength(call.body)) },
          body: call.body,
        },
        call.abortSignal ? { abortSignal: call.abortSignal } : {},
      );
      const text = await readBody(response.body);
      const answer = {
        statusCode: response.statusCode,
        text,
        errorType: errorTypeOf(response.statusCode, text),
      };
      const result = call.read(answer);
      if (result !== undefined) return result;
      // The signature itself refused: this client's calls go through the SDK from now on.
      if (answer.statusCode === 403 || SIGNATURE_REFUSED.test(answer.errorType ?? ''))
        routes.set(client, Promise.resolve(null));
    } catch {
      // A connection or handler failure: the SDK's send retries it and says what went wrong.
    }
    return call.viaSdk();
  };
}
