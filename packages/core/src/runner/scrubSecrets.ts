/**
 * Keep credentials out of what is stored and logged: an endpoint may echo the request URL (with
 * its function key) or a header back in its error text.
 */
import type { ExecutionResult } from '../ports.js';
import type { WireValue } from '../types.js';

// Shorter values ("1", "on") are too common to mask without destroying messages.
const MIN_SECRET_LENGTH = 4;

/**
 * The secret parts of a route: URL userinfo, query values, and the given header values.
 *
 * @example
 * ```ts
 * routeSecrets(new URL('https://u:pw12@api.example.com/run?code=k3y5'), {}); // ['pw12', 'k3y5']
 * ```
 */
export function routeSecrets(route: URL, headers: Record<string, string> = {}): string[] {
  const values = [
    decodeURIComponent(route.username),
    decodeURIComponent(route.password),
    ...route.searchParams.values(),
    ...Object.values(headers),
  ];
  return [...new Set(values.filter((v) => v.length >= MIN_SECRET_LENGTH))];
}

function scrubText(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

function scrubValue(value: WireValue, secrets: readonly string[]): WireValue {
  return typeof value === 'string' ? scrubText(value, secrets) : value;
}

/**
 * `result` with every secret replaced by `***` in its exception message and traceback.
 *
 * @example
 * ```ts
 * scrubSecrets(result, routeSecrets(route, options.headers));
 * ```
 */
export function scrubSecrets(result: ExecutionResult, secrets: readonly string[]): ExecutionResult {
  if (secrets.length === 0 || result.status === 'success') return result;
  const exception = result.exception
    ? { ...result.exception, exc_message: result.exception.exc_message.map((m) => scrubValue(m, secrets)) }
    : result.exception;
  if (result.status === 'retry') return { ...result, exception: exception ?? null };
  return {
    ...result,
    exception: exception!,
    traceback: result.traceback === null ? null : scrubText(result.traceback, secrets),
  };
}
