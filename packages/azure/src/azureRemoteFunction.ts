/**
 * A TypeScript remote function as an Azure Functions v4 HTTP function.
 */
import { type RemoteFunction, stringifyKombuJson } from '@celery-cloud/core';

/** What the v4 programming model's `HttpRequest` offers that the handler reads. */
export interface HttpRequestLike {
  text(): Promise<string>;
}

/** An `HttpResponseInit` of the v4 programming model. */
export interface HttpResponseInitLike {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The HTTP handler of a remote function (`azurefunction://<app>/<function>` routes) for
 * `@azure/functions` v4: it answers 200 with the `celery-cloud/1` answer.
 *
 * @example
 * ```ts
 * import { app } from '@azure/functions';
 * app.http('resize', { methods: ['POST'], authLevel: 'function', handler: azureRemoteFunction(resize) });
 * ```
 */
export function azureRemoteFunction(
  remote: RemoteFunction,
): (request: HttpRequestLike, context?: unknown) => Promise<HttpResponseInitLike> {
  return async (request) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: stringifyKombuJson(await remote.handle(await request.text())),
  });
}
