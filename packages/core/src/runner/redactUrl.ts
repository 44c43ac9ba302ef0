/**
 * URL redaction for logs and error messages: route URLs may carry credentials.
 */

/**
 * Keep scheme, host and path; replace userinfo and every query value with `***`; drop the hash.
 *
 * @example
 * ```ts
 * redactUrl('https://user:pw@api.example.com/run?key=abc'); // 'https://***@api.example.com/run?key=***'
 * ```
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return '<invalid url>';
  }
  const auth = parsed.username || parsed.password ? '***@' : '';
  const query = [...parsed.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=***`).join('&');
  const host = parsed.host
    ? `//${auth}${parsed.host}`
    : parsed.href.startsWith(`${parsed.protocol}//`)
      ? '//'
      : '';
  return `${parsed.protocol}${host}${parsed.pathname}${query ? `?${query}` : ''}`;
}
