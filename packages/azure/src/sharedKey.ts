/**
 * Shared Key authorization of Blob service requests: an HMAC-SHA256, keyed with the account key,
 * over a canonical text of the request (its verb, standard headers, `x-ms-*` headers and resource).
 */
import { createHmac } from 'node:crypto';

/** What Shared Key signs of a request: header names in lowercase. */
export interface SignedRequest {
  method: string;
  url: URL;
  headers: Readonly<Record<string, string>>;
}

/** The standard headers signed, in their order; a Content-Length of 0 is signed as empty. */
const STANDARD_HEADERS = [
  'content-encoding',
  'content-language',
  'content-length',
  'content-md5',
  'content-type',
  'date',
  'if-modified-since',
  'if-match',
  'if-none-match',
  'if-unmodified-since',
  'range',
] as const;

/**
 * The text Shared Key signs for `request` to `account` (service version 2015-02-21 and later):
 * the verb and standard headers one a line, then the `x-ms-*` headers sorted (`name:value`), then
 * `/<account><path>` and the query parameters by lowercase name, sorted (`\nname:value,value`).
 *
 * @example
 * ```ts
 * sharedKeyStringToSign(
 *   { method: 'DELETE', url: new URL('https://acct.blob.core.windows.net/celery/b'), headers: { 'x-ms-date': 'Sun, 29 Nov 2026 00:00:00 GMT', 'x-ms-version': '2021-08-06' } },
 *   'acct',
 * ); // 'DELETE\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Sun, 29 Nov 2026 00:00:00 GMT\nx-ms-version:2021-08-06\n/acct/celery/b'
 * ```
 */
export function sharedKeyStringToSign(request: SignedRequest, account: string): string {
  const { headers, url } = request;
  const standard = STANDARD_HEADERS.map((name) =>
    name === 'content-length' && headers[name] === '0' ? '' : (headers[name] ?? ''),
  );
  const canonicalHeaders = Object.keys(headers)
    .filter((name) => name.startsWith('x-ms-'))
    .sort()
    .map((name) => `${name}:${(headers[name] ?? '').replace(/\s+/g, ' ').trim()}\n`)
    .join('');
  const values = new Map<string, string[]>();
  for (const [name, value] of url.searchParams) {
    const lower = name.toLowerCase();
    values.set(lower, [...(values.get(lower) ?? []), value]);
  }
  const parameters = [...values.keys()]
    .sort()
    .map((name) => `\n${name}:${(values.get(name) ?? []).sort().join(',')}`)
    .join('');
  return (
    [request.method.toUpperCase(), ...standard, ''].join('\n') +
    canonicalHeaders +
    `/${account}${url.pathname}${parameters}`
  );
}

/**
 * The `Authorization` header value that signs `request` with the account `key`.
 *
 * @example
 * ```ts
 * headers.authorization = sharedKeyAuthorization(request, 'acct', Buffer.from(accountKey, 'base64'));
 * // 'SharedKey acct:<base64 signature>'
 * ```
 */
export function sharedKeyAuthorization(request: SignedRequest, account: string, key: Buffer): string {
  const signature = createHmac('sha256', key)
    .update(sharedKeyStringToSign(request, account), 'utf8')
    .digest('base64');
  return `SharedKey ${account}:${signature}`;
}
