/**
 * One call of Firestore's REST API (v1) on `fetch`: the bearer token, a deadline on the whole call,
 * and retries with backoff while Firestore is unreachable or busy, as Google's clients retry.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CeleryCloudError, exponentialBackoff } from '@celery-cloud/core';

// Firestore's status names in the order of their gRPC codes (google.rpc.Code).
const STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

/** A Firestore status name (`ALREADY_EXISTS`, …). */
export type FirestoreStatus = (typeof STATUS_NAMES)[number];

/**
 * Firestore refused a REST call, or could not be reached before its deadline. `code` is the gRPC
 * code the SDK's errors carry too (6 for `ALREADY_EXISTS`), `status` its name.
 *
 * @example
 * ```ts
 * if (error instanceof FirestoreRequestError && error.status === 'PERMISSION_DENIED') console.log(error.message);
 * ```
 */
export class FirestoreRequestError extends CeleryCloudError {
  override name = 'FirestoreRequestError';
  readonly code: number;
  constructor(
    readonly status: FirestoreStatus,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Firestore ${status}: ${message}`, options);
    this.code = STATUS_NAMES.indexOf(status);
  }
}

/**
 * Which failures a call retries. `idempotent`: every failure to reach Firestore and its busy
 * answers (a repeat has the same effect). `unsent`: only those that surely wrote nothing (a refused
 * connection, `RESOURCE_EXHAUSTED`, `ABORTED`), so a counter's increment never counts twice.
 */
export type RetryKind = 'idempotent' | 'unsent';

const TRANSIENT = new Set<FirestoreStatus>([
  'UNAVAILABLE',
  'RESOURCE_EXHAUSTED',
  'ABORTED',
  'DEADLINE_EXCEEDED',
  'INTERNAL',
]);
const NOTHING_WRITTEN = new Set<FirestoreStatus>(['RESOURCE_EXHAUSTED', 'ABORTED']);
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2000;

/** Where and how calls go. */
export interface FirestoreRequestTarget {
  /** `https://firestore.googleapis.com/v1`, or the emulator's `http://<host>/v1`. */
  baseUrl: string;
  token: () => Promise<string>;
  /** Deadline of a call, retries included, in ms. */
  timeoutMs: number;
}

/** A failed attempt, and whether Firestore may have acted on it. */
interface Failure {
  error: FirestoreRequestError;
  maybeWritten: boolean;
}

async function refusal(response: Response): Promise<Failure> {
  const text = await response.text();
  let body: { error?: { status?: string; message?: string } } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not Firestore's JSON error (a proxy's page): the HTTP status speaks for it.
  }
  const named = STATUS_NAMES.find((s) => s === body.error?.status);
  const status = named ?? (response.status >= 500 ? 'UNAVAILABLE' : 'UNKNOWN');
  const message = body.error?.message ?? `HTTP ${response.status} ${text.slice(0, 200)}`;
  return { error: new FirestoreRequestError(status, message), maybeWritten: !NOTHING_WRITTEN.has(status) };
}

function unreachable(error: unknown): Failure {
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  const message = `unreachable: ${(error as Error).message}${typeof code === 'string' ? ` (${code})` : ''}`;
  return {
    error: new FirestoreRequestError('UNAVAILABLE', message, { cause: error }),
    maybeWritten: code !== 'ECONNREFUSED',
  };
}

const retries = (failure: Failure, kind: RetryKind) =>
  TRANSIENT.has(failure.error.status) && (kind === 'idempotent' || !failure.maybeWritten);

/**
 * Send `init` to `<baseUrl>/<path>` and return the answer's JSON; a refusal is thrown as
 * {@link FirestoreRequestError}. Retries what `retry` allows, with backoff (100 ms doubling to
 * 2 s), until the deadline, when the call is aborted and fails with `DEADLINE_EXCEEDED`.
 *
 * @example
 * ```ts
 * const doc = await firestoreRequest(target, 'projects/p/databases/(default)/documents/celery/x', { method: 'GET' }, 'idempotent');
 * ```
 */
export async function firestoreRequest(
  target: FirestoreRequestTarget,
  path: string,
  init: { method: string; body?: string },
  retry: RetryKind,
): Promise<unknown> {
  const signal = AbortSignal.timeout(target.timeoutMs);
  const deadline = (cause: unknown) =>
    new FirestoreRequestError('DEADLINE_EXCEEDED', `no answer within ${target.timeoutMs} ms`, { cause });
  for (let attempt = 0; ; attempt++) {
    const headers = { authorization: `Bearer ${await target.token()}`, 'content-type': 'application/json' };
    let failure: Failure;
    try {
      const response = await fetch(`${target.baseUrl}/${path}`, { ...init, headers, signal });
      if (response.ok) return await response.json();
      failure = await refusal(response);
    } catch (error) {
      if (signal.aborted) throw deadline(error);
      failure = unreachable(error);
    }
    if (!retries(failure, retry)) throw failure.error;
    const backoff = exponentialBackoff(FIRST_BACKOFF_MS, attempt, {
      maximum: MAX_BACKOFF_MS,
      fullJitter: false,
    });
    await sleep(backoff, undefined, { signal }).catch(() => {
      throw deadline(failure.error);
    });
  }
}
