import { ConfigError } from '@celery-cloud/core';

/** What a `firestore://` result backend URL says. */
export interface FirestoreUrl {
  /** The Google Cloud project, or null for the environment's (`GOOGLE_CLOUD_PROJECT`). */
  project: string | null;
  collection: string;
  ttlSeconds: number | null;
}

/**
 * Parse a result backend URL `firestore://[<project>][/<collection>][?ttl_seconds=<s>]`
 * (collection `celery` by default). Celery has no Firestore backend, so the scheme is ours; a
 * `<python class>+` prefix, Celery's syntax for a custom backend class with a URL, is accepted,
 * so the Python client's `result_backend` setting and the function's `CELERY_RESULT_BACKEND` can
 * be the same string (docs/gcp.md).
 *
 * @example
 * ```ts
 * parseFirestoreUrl('firestore://my-proj/results?ttl_seconds=3600'); // { project: 'my-proj', collection: 'results', ttlSeconds: 3600 }
 * ```
 */
export function parseFirestoreUrl(url: string): FirestoreUrl {
  const plus = url.indexOf('+firestore://');
  let u: URL;
  try {
    u = new URL(plus >= 0 ? url.slice(plus + 1) : url);
  } catch {
    throw new ConfigError('the result backend URL is not a valid URL (firestore://<project>/<collection>)');
  }
  if (u.protocol !== 'firestore:') {
    throw new ConfigError(`expected a firestore:// result backend URL, got ${u.protocol}//`);
  }
  const segments = u.pathname.split('/').filter((s) => s !== '');
  if (segments.length > 1) {
    throw new ConfigError(
      'a firestore:// result backend URL names one collection: firestore://<project>/<collection>',
    );
  }
  const ttl = u.searchParams.get('ttl_seconds');
  if (ttl !== null && !/^[1-9]\d*$/.test(ttl)) {
    throw new ConfigError(
      `ttl_seconds in the firestore:// URL must be an integer ≥ 1, got ${JSON.stringify(ttl)}`,
    );
  }
  return {
    project: u.hostname ? decodeURIComponent(u.hostname) : null,
    collection: segments[0] ? decodeURIComponent(segments[0]) : 'celery',
    ttlSeconds: ttl === null ? null : Number(ttl),
  };
}
