/**
 * Running tasks on HTTP Cloud Functions and Cloud Run services: `gcf://` routes.
 */
import {
  ConfigError,
  type ExecutionResult,
  type Executor,
  type ExecutorPlugin,
  createHttpExecutor,
  exceptionInfoFromError,
} from '@celery-cloud/core';

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
}

const METADATA_IDENTITY =
  'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/identity';
// Google ID tokens live an hour; take a new one well before.
const TOKEN_REUSE_MS = 45 * 60_000;

/**
 * ID tokens from the metadata server of the runtime (Cloud Functions, Cloud Run, GCE), for the
 * service account the function runs as.
 *
 * @example
 * ```ts
 * const token = await metadataIdToken('https://europe-west1-proj.cloudfunctions.net/build');
 * ```
 */
export const metadataIdToken: IdTokenProvider = async (audience) => {
  const response = await fetch(`${METADATA_IDENTITY}?audience=${encodeURIComponent(audience)}`, {
    headers: { 'Metadata-Flavor': 'Google' },
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`the metadata server refused an ID token (${response.status})`);
  return (await response.text()).trim();
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

/**
 * Where a route points and the audience its ID token names. A region never contains a dot and a
 * host always does, so `gcf://europe-west1/...` and `gcf://build-x7-ew.a.run.app/...` cannot be
 * confused.
 */
function target(route: URL, options: CloudFunctionInvokerOptions): { url: URL; audience: string } {
  if (route.hostname.includes('.')) {
    // A Cloud Run service (or 2nd-gen function) URL: Cloud Run checks the service URL as audience.
    const url = new URL(`https://${route.host}${route.pathname}${route.search}`);
    return { url, audience: url.origin };
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
  return { url, audience: `${url.origin}${url.pathname}` };
}

/**
 * Executor plugin for `gcf://` routes, calling HTTP functions with a Google ID token (from the
 * metadata server, or `idToken`) and the HTTP executor's contract, failure mapping, limits and
 * secret masking (docs/runner.md):
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
  return {
    scheme: 'gcf',
    create(route: URL): Executor {
      const { url, audience } = target(route, options);
      const limits =
        options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes };
      const anonymous = createHttpExecutor(url, limits);
      return {
        async execute(call, context): Promise<ExecutionResult> {
          if (!idToken) return anonymous.execute(call, context);
          let token: string;
          try {
            token = await idToken(audience);
          } catch (error) {
            return { status: 'failure', exception: exceptionInfoFromError(error), traceback: null };
          }
          const headers = { authorization: `Bearer ${token}` };
          return createHttpExecutor(url, { ...limits, headers }).execute(call, context);
        },
      };
    },
  };
}
