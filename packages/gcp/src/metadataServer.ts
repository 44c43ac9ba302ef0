/**
 * The metadata server of a Google Cloud runtime (Cloud Functions, Cloud Run, GCE): the access token
 * of the service account the code runs as, and the project, as Google's own clients read them.
 */
import { CeleryCloudError } from '@celery-cloud/core';

/** Where the metadata server answers: `GCE_METADATA_HOST` (as Google's auth library reads it) or its usual name. */
export function metadataServerUrl(env: Record<string, string | undefined>): string {
  return `http://${env.GCE_METADATA_HOST || 'metadata.google.internal'}/computeMetadata/v1`;
}

/**
 * The metadata server did not answer, or refused.
 *
 * @example
 * ```ts
 * if (error instanceof MetadataServerError) console.log(error.path); // '/project/project-id'
 * ```
 */
export class MetadataServerError extends CeleryCloudError {
  override name = 'MetadataServerError';
  constructor(
    readonly path: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`the metadata server ${problem} (${path})`, options);
  }
}

/** How long one metadata request may take. */
const METADATA_TIMEOUT_MS = 5000;
/** A token is taken anew this long before it expires, as Google's auth library does. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

async function metadataGet(base: string, path: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      headers: { 'Metadata-Flavor': 'Google' },
      signal: AbortSignal.timeout(METADATA_TIMEOUT_MS),
    });
  } catch (error) {
    throw new MetadataServerError(path, 'did not answer', { cause: error });
  }
  if (!response.ok) throw new MetadataServerError(path, `answered HTTP ${response.status}`);
  return response;
}

/**
 * The metadata server's text answer at `path`, trimmed (with `Metadata-Flavor: Google`, within
 * 5 s); a failure or a refusal is {@link MetadataServerError}.
 *
 * @example
 * ```ts
 * await metadataText(metadataServerUrl(process.env), '/instance/zone'); // 'projects/123/zones/europe-west1-b'
 * ```
 */
export async function metadataText(base: string, path: string): Promise<string> {
  return (await (await metadataGet(base, path)).text()).trim();
}

/**
 * The project the runtime belongs to.
 *
 * @example
 * ```ts
 * await metadataProjectId(metadataServerUrl(process.env)); // 'my-proj'
 * ```
 */
export async function metadataProjectId(base: string): Promise<string> {
  return metadataText(base, '/project/project-id');
}

/**
 * Access tokens of the runtime's default service account, each reused until
 * {@link TOKEN_REFRESH_MARGIN_MS} before it expires; callers waiting at once share one request,
 * and a failed request is not kept.
 *
 * @example
 * ```ts
 * const token = metadataAccessTokens(metadataServerUrl(process.env));
 * await fetch(url, { headers: { authorization: `Bearer ${await token()}` } });
 * ```
 */
export function metadataAccessTokens(base: string, now: () => number = Date.now): () => Promise<string> {
  let cached: { token: Promise<string>; until: number } | undefined;
  const path = '/instance/service-accounts/default/token';
  return () => {
    if (cached && now() < cached.until) return cached.token;
    const entry = { token: Promise.resolve(''), until: Number.POSITIVE_INFINITY };
    entry.token = (async () => {
      const body = (await (await metadataGet(base, path)).json()) as {
        access_token?: unknown;
        expires_in?: unknown;
      };
      if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number')
        throw new MetadataServerError(path, 'answered without access_token and expires_in');
      entry.until = now() + body.expires_in * 1000 - TOKEN_REFRESH_MARGIN_MS;
      return body.access_token;
    })();
    entry.token.catch(() => {
      if (cached === entry) cached = undefined;
    });
    cached = entry;
    return entry.token;
  };
}
