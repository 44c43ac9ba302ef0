/**
 * {@link BlobBytes} over the Blob service REST API with `fetch`: Shared Key or SAS authorization,
 * no SDK, so a function writing its results this way loads none at cold start.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BlobAccount } from './blobAccount.js';
import type { BlobBytes, UploadCondition } from './blobBytes.js';
import { BlobRequestFailed } from './blobRequestFailed.js';
import { sharedKeyAuthorization } from './sharedKey.js';

/** The Blob service REST version requested (`x-ms-version`). */
const SERVICE_VERSION = '2021-08-06';

/**
 * Failures the service did not act on, so sending the request again is safe even for a conditional
 * write: a connection never made, or 503 (Server Busy). Other failures, a 500 or a connection lost
 * after sending among them, go to the caller, as a redelivered message tries again.
 */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
const notActedOn = (error: BlobRequestFailed) =>
  error.status === 503 ||
  (error.status === null &&
    NOT_CONNECTED.has(String((error.cause as { cause?: { code?: unknown } } | undefined)?.cause?.code)));
/** The pauses before the second and third attempts. */
const RETRY_DELAYS_MS = [100, 400];

/** A blob name in a URL path: each `/`-separated segment percent-encoded. */
const pathOf = (name: string) => name.split('/').map(encodeURIComponent).join('/');

interface Call {
  /** The operation's name in errors (`Put Blob`). */
  operation: string;
  method: 'GET' | 'PUT' | 'DELETE';
  /** The blob, or null for the container itself. */
  blob: string | null;
  query?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Statuses that are the operation's outcomes, not failures. */
  expect: readonly number[];
}

/**
 * The Blob service of `account`, container `container`, through its REST API. A status outside
 * each operation's outcomes is thrown as {@link BlobRequestFailed} with the service's error code,
 * after up to two more attempts when the service did not act on the request (refused connection,
 * 503).
 *
 * @example
 * ```ts
 * const account = blobAccountOf('UseDevelopmentStorage=true');
 * const bytes = account && restBlobBytes(account, 'celery');
 * await bytes?.ensureContainer();
 * await bytes?.upload('celery-task-meta-1', '{"status": "SUCCESS"}', null);
 * ```
 */
export function restBlobBytes(account: BlobAccount, container: string): BlobBytes {
  /** One attempt of `request`. */
  async function send(request: Call): Promise<Response> {
    const target = request.blob === null ? container : `${container}/${request.blob}`;
    const path = request.blob === null ? container : `${container}/${pathOf(request.blob)}`;
    const query = [request.query, 'sas' in account.auth ? account.auth.sas : undefined]
      .filter(Boolean)
      .join('&');
    const url = new URL(`${account.endpoint}/${path}${query ? `?${query}` : ''}`);
    const headers: Record<string, string> = {
      ...request.headers,
      'x-ms-date': new Date().toUTCString(),
      'x-ms-version': SERVICE_VERSION,
    };
    if (request.method === 'PUT') headers['content-length'] = String(request.body?.length ?? 0);
    if ('key' in account.auth)
      headers.authorization = sharedKeyAuthorization(
        { method: request.method, url, headers },
        account.name,
        account.auth.key,
      );
    let response: Response;
    try {
      response = await fetch(url, { method: request.method, headers, body: request.body ?? null });
    } catch (cause) {
      throw BlobRequestFailed.unreachable(request.operation, target, cause);
    }
    if (request.expect.includes(response.status)) return response;
    await response.body?.cancel();
    throw BlobRequestFailed.answered(
      request.operation,
      target,
      response.status,
      response.headers.get('x-ms-error-code'),
    );
  }

  /** `request`, sent again after a failure the service certainly did not act on. */
  async function call(request: Call): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(request);
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined || !(error instanceof BlobRequestFailed) || !notActedOn(error)) throw error;
        await sleep(delay);
      }
    }
  }

  return {
    async ensureContainer() {
      const response = await call({
        operation: 'Create Container',
        method: 'PUT',
        blob: null,
        query: 'restype=container',
        expect: [201, 409],
      });
      await response.body?.cancel();
      const errorCode = response.headers.get('x-ms-error-code');
      if (response.status === 409 && errorCode !== 'ContainerAlreadyExists')
        throw BlobRequestFailed.answered('Create Container', container, 409, errorCode);
    },

    async read(name) {
      const response = await call({ operation: 'Get Blob', method: 'GET', blob: name, expect: [200, 404] });
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      return { text: await response.text(), etag: response.headers.get('etag') ?? '' };
    },

    async upload(name, text, condition: UploadCondition) {
      const response = await call({
        operation: 'Put Blob',
        method: 'PUT',
        blob: name,
        headers: {
          'content-type': 'application/octet-stream',
          'x-ms-blob-type': 'BlockBlob',
          ...(condition === null
            ? {}
            : 'ifMatch' in condition
              ? { 'if-match': condition.ifMatch }
              : { 'if-none-match': condition.ifNoneMatch }),
        },
        body: Buffer.from(text, 'utf8'),
        expect: condition === null ? [201] : [201, 409, 412],
      });
      await response.body?.cancel();
      return response.status === 201;
    },

    async delete(name) {
      const response = await call({
        operation: 'Delete Blob',
        method: 'DELETE',
        blob: name,
        expect: [202, 404],
      });
      await response.body?.cancel();
    },
  };
}
