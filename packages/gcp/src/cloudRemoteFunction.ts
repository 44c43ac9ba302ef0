/**
 * A TypeScript remote function as a Google Cloud Functions HTTP function (functions-framework).
 */
import { type RemoteFunction, stringifyKombuJson } from '@celery-cloud/core';

/** What functions-framework's (Express) request offers that the handler reads. */
export interface CloudRequestLike {
  /** The body as received (functions-framework sets it). */
  rawBody?: Buffer;
  /** The parsed body, used when there is no raw body. */
  body?: unknown;
}

/** What functions-framework's (Express) response offers that the handler uses. */
export interface CloudResponseLike {
  status(code: number): CloudResponseLike;
  set(field: string, value: string): CloudResponseLike;
  send(body: string): unknown;
}

/**
 * The HTTP function of a remote function (`gcf://` routes) for functions-framework: it answers
 * 200 with the `celery-cloud/1` answer.
 *
 * @example
 * ```ts
 * import { http } from '@google-cloud/functions-framework';
 * http('resize', cloudRemoteFunction(resize));
 * ```
 */
export function cloudRemoteFunction(
  remote: RemoteFunction,
): (req: CloudRequestLike, res: CloudResponseLike) => Promise<void> {
  return async (req, res) => {
    const request = req.rawBody ? req.rawBody.toString('utf8') : req.body;
    const answer = stringifyKombuJson(await remote.handle(request));
    res.status(200).set('content-type', 'application/json').send(answer);
  };
}
