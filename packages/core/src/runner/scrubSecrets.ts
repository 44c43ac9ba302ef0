/**
 * Keep credentials out of what is stored and logged: an endpoint may echo the request URL (with
 * its function key), the Authorization header or a header value back anywhere in its answer.
 */
import { PyFloat } from '../codec/PyFloat.js';
import { setOwn } from '../codec/setOwn.js';
import type { ExecutionResult } from '../ports.js';
import type { ExceptionInfo, WireValue } from '../types.js';

/**
 * Passwords, tokens and header values shorter than this are not masked as plain text: short
 * values ("1", "on", "user") are common words, and masking them garbles unrelated text.
 */
export const MIN_SECRET_LENGTH = 6;

/** What to mask for one route. */
export interface RouteSecrets {
  /** Passwords, query values and header values (and their encoded forms), masked wherever they appear. */
  values: readonly string[];
  /** Usernames, masked only where they stand in a URL's userinfo (`//name:…@`, `//name@`). */
  usernames: readonly string[];
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The forms an answer may quote a secret in: as is, URL-encoded (path and form style), JSON-escaped
 * (with and without `\/`, as some encoders write a slash). */
function encodings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    json,
    json.replaceAll('/', '\\/'),
  ];
}

/**
 * The secret parts of a route: the userinfo password and the Basic-auth value sent for it, query
 * values, the given header values (and each word of them, e.g. a bearer token), in every form an
 * answer may quote them; the username separately, masked only inside URL userinfo.
 *
 * @example
 * ```ts
 * routeSecrets(new URL('https://u:pw12345@api.example.com/run?code=k3y5k3y5'), {}).values;
 * // ['dTpwdzEyMzQ1', 'k3y5k3y5', 'pw12345']: the Basic-auth value too, longest first
 * ```
 */
export function routeSecrets(route: URL, headers: Record<string, string> = {}): RouteSecrets {
  const username = decoded(route.username);
  const password = decoded(route.password);
  // A header value, and its last word alone (the token of `Bearer <token>`, not the scheme).
  const headerValues = Object.values(headers).flatMap((v) => [v, v.trim().split(/\s+/).at(-1) ?? '']);
  const plain = [password, ...route.searchParams.values(), ...headerValues].filter(
    (v) => v.length >= MIN_SECRET_LENGTH,
  );
  const values = new Set(plain.flatMap(encodings));
  // The executor sends userinfo as `Authorization: Basic base64(user:password)`; an echo of it is a secret.
  if (password) values.add(Buffer.from(`${username}:${password}`).toString('base64'));
  return {
    // Longest first, so a secret that contains another is masked whole.
    values: [...values].filter((v) => v.length > 0).sort((a, b) => b.length - a.length),
    usernames: username ? [...new Set([username, route.username, encodeURIComponent(username)])] : [],
  };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with every secret of `secrets` replaced by `***`.
 *
 * @example
 * ```ts
 * maskSecrets('GET //admin:hunter22@host failed', routeSecrets(new URL('https://admin:hunter22@host/')));
 * // 'GET //***:***@host failed'
 * ```
 */
export function maskSecrets(text: string, secrets: RouteSecrets): string {
  let out = text;
  for (const secret of secrets.values) if (out.includes(secret)) out = out.split(secret).join('***');
  for (const name of secrets.usernames) {
    if (!out.includes(name)) continue;
    // Only as userinfo: after `//`, a quote, a space or the start, and before `@` or `:…@`.
    const userinfo = new RegExp(`(^|[/\\s"'(<])${escapeRegExp(name)}(?=@|:[^\\s/@]*@)`, 'g');
    out = out.replace(userinfo, '$1***');
  }
  return out;
}

/** `value` with secrets masked in every string, object key and nested value. */
function scrubWire(value: WireValue, secrets: RouteSecrets): WireValue {
  if (typeof value === 'string') return maskSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((v) => scrubWire(v, secrets));
  if (typeof value !== 'object' || value === null || value instanceof PyFloat) return value;
  if (value instanceof Uint8Array) return value;
  const out: Record<string, WireValue> = {};
  for (const [k, v] of Object.entries(value)) setOwn(out, maskSecrets(k, secrets), scrubWire(v, secrets));
  return out;
}

function scrubException(exception: ExceptionInfo, secrets: RouteSecrets): ExceptionInfo {
  return {
    ...exception,
    exc_type: maskSecrets(exception.exc_type, secrets),
    exc_module: maskSecrets(exception.exc_module, secrets),
    exc_message: exception.exc_message.map((m) => scrubWire(m, secrets)),
  };
}

/**
 * `result` with every secret masked wherever the endpoint put it: the value, every field of the
 * exception (class, module, nested message items), the traceback, a retry's exception and eta.
 *
 * @example
 * ```ts
 * scrubSecrets(result, routeSecrets(route, options.headers));
 * ```
 */
export function scrubSecrets(result: ExecutionResult, secrets: RouteSecrets): ExecutionResult {
  if (secrets.values.length === 0 && secrets.usernames.length === 0) return result;
  switch (result.status) {
    case 'reject':
      return result;
    case 'success':
      return { status: 'success', value: scrubWire(result.value, secrets) };
    case 'failure':
      return {
        status: 'failure',
        exception: scrubException(result.exception, secrets),
        traceback: result.traceback === null ? null : maskSecrets(result.traceback, secrets),
      };
    case 'retry':
      return {
        ...result,
        exception: result.exception ? scrubException(result.exception, secrets) : (result.exception ?? null),
        ...(result.eta === undefined ? {} : { eta: maskSecrets(result.eta, secrets) }),
      };
  }
}
