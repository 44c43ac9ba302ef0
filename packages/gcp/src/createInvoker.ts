/**
 * Running tasks on HTTP Cloud Functions and Cloud Run services: `gcf://` routes.
 */
import {
  ConfigError,
  type Executor,
  type ExecutorPlugin,
  type RemoteCallPolicy,
  createHttpExecutor,
  createRemoteCaller,
} from '@celery-cloud/core';
import { metadataServerUrl, metadataText } from './metadataServer.js';

/** Fetches a Google ID token for an audience (the function's URL). */
export type IdTokenProvider = (audience: string) => Promise<string>;

/** Options of the Cloud Functions invoker. */
export interface CloudFunctionInvokerOptions {
  /** Where ID tokens come from (default: the runtime's metadata server); null sends none. */
  idToken?: IdTokenProvider | null;
  /** Base URL instead of `https://<region>-<project>.cloudfunctions.net` (local servers, tests). */
  baseUrl?: (region: string, project: string) => string;
  /** Largest answer accepted, in bytes (default 10 MiB). */
  maxResponseBytes?: number;
  /** Retries and circuit breaker for every route; a route's `#fragment` overrides them. */
  policy?: Partial<RemoteCallPolicy>;
}

// Google ID tokens live an hour; take a new one well before.
const TOKEN_REUSE_MS = 45 * 60_000;

/**
 * ID tokens from the metadata server of the runtime (Cloud Functions, Cloud Run, GCE), for the
 * service account the function runs as; a failure is a `MetadataServerError`. The server is found
 * at `GCE_METADATA_HOST` when set, as Google's auth library finds it.
 *
 * @example
 * ```ts
 * const token = await metadataIdToken('https://europe-west1-proj.cloudfunctions.net/build');
 * ```
 */
export const metadataIdToken: IdTokenProvider = async (audience) => {
  const path = `/instance/service-accounts/default/identity?audience=${encodeURIComponent(audience)}`;
  return metadataText(metadataServerUrl(process.env), path);
};

function cached(provider: IdTokenProvider): IdTokenProvider {
  const tokens = new Map<string, { token: Promise<string>; at: number }>();
  return (audience) => {
    const hit = tokens.get(audience);
    if (hit && Date.now() - hit.at < TOKEN_REUSE_MS) return hit.token;
    const token = provider(audience);
    token.catch(() => tokens.delete(audience));
    tokens.set(audience, { token, at: Date.now() });
    return token;
  };
}

/** The route's options (its `#fragment`) carried over to the URL called. */
function withHash(url: URL, route: URL): URL {
  url.hash = route.hash;
  return url;
}

/**
 * Where a route points and the audience its ID token names. A region never contains a dot and a
 * host always does, so `gcf://europe-west1/...` and `gcf://build-x7-ew.a.run.app/...` cannot be
 * confused.
 */
function target(route: URL, options: CloudFunctionInvokerOptions): { url: URL; audience: string } {
  if (route.hostname.includes('.')) {
    // A Cloud Run service (or 2nd-gen function) URL: Cloud Run checks the service URL as audience.
    const url = new URL(`https://${route.host}${route.pathname}${route.search}`);
    return { url: withHash(url, route), audience: url.origin };
  }
  const [project, fn, ...rest] = route.pathname.replace(/^\//, '').split('/').map(decodeURIComponent);
  const region = route.hostname;
  if (!region || !project || !fn || rest.length > 0) {
    throw new ConfigError(
      'gcf:// routes name a region, a project and a function (gcf://<region>/<project>/<function>) or a host (gcf://<host>/<path>)',
    );
  }
  const base = options.baseUrl?.(region, project) ?? `https://${region}-${project}.cloudfunctions.net`;
  const url = new URL(`${base}/${encodeURIComponent(fn)}`);
  // Cloud Functions checks the function's full URL as audience.
  return { url: withHash(url, route), audience: `${url.origin}${url.pathname}` };
}

/**
 * Executor plugin for `gcf://` routes, calling HTTP functions with a Google ID token (from the
 * metadata server, or `idToken`), speaking the executor protocol (docs/executor-protocol.md)
 * with the HTTP executor's retries, circuit breaker (one per function), limits and secret masking:
 * - `gcf://<region>/<project>/<function>` POSTs to `https://<region>-<project>.cloudfunctions.net/<function>`;
 * - `gcf://<host>/<path>` POSTs to `https://<host>/<path>`: a Cloud Run service or a 2nd-gen
 *   function's `run.app` URL. Plain `https://` routes keep the built-in executor and get no token.
 *
 * Tokens never come from messages.
 *
 * @example
 * ```ts
 * createRunner({
 *   backend,
 *   plugins: [createInvoker()],
 *   routes: { 'reports.build': 'gcf://europe-west1/my-proj/build', 'img.resize': 'gcf://resize-x7-ew.a.run.app/' },
 * });
 * ```
 */
export function createInvoker(options: CloudFunctionInvokerOptions = {}): ExecutorPlugin {
  const idToken = options.idToken === null ? null : cached(options.idToken ?? metadataIdToken);
  const caller = createRemoteCaller();
  return {
    scheme: 'gcf',
    create(route: URL): Executor {
      const { url, audience } = target(route, options);
      return createHttpExecutor(url, {
        caller,
        ...(options.policy ? { policy: options.policy } : {}),
        ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
        ...(idToken
          ? { authorize: async () => ({ authorization: `Bearer ${await idToken(audience)}` }) }
          : {}),
      });
    },
  };
}
