/**
 * Retry with back-off and jitter, and a circuit breaker per target, for every remote executor
 * (Lambda, Azure Functions, Cloud Functions, HTTP, plugins). Configured per invoker and per route
 * (the route URL's `#fragment`, docs/executor-protocol.md "Retries and the circuit breaker").
 */
import { ConfigError } from '../errors.js';
import type { ExecutionContext, ExecutionResult } from '../ports.js';
import { CircuitBreaker } from './CircuitBreaker.js';
import { abortableSleep } from './abortableSleep.js';
import { exceptionInfoFromError } from './exceptionInfo.js';

/** How a remote call is retried and when its target is given a rest. */
export interface RemoteCallPolicy {
  /** Attempts in all for a transient failure (throttling, 5xx, timeout, connection). Default 3. */
  attempts: number;
  /** First back-off delay in ms, doubled per attempt, with full jitter. Default 200. */
  backoffMs: number;
  /** Longest back-off delay in ms (a `Retry-After` may ask for more, within the time left). Default 5000. */
  maxBackoffMs: number;
  /** Consecutive failed calls that open the target's breaker, and how long it stays open; null: no breaker. */
  breaker: { threshold: number; coolDownMs: number } | null;
}

/** The defaults: 3 attempts from 200 ms, at most 5 s apart; breaker opens after 5 failures for 30 s. */
export const DEFAULT_REMOTE_CALL_POLICY = {
  attempts: 3,
  backoffMs: 200,
  maxBackoffMs: 5000,
  breaker: { threshold: 5, coolDownMs: 30_000 },
} satisfies RemoteCallPolicy;

/**
 * One attempt's outcome: the function `answered` (whatever it answered, its call worked), or the
 * call failed `transient`ly (worth another attempt, after `retryAfterMs` when the target said so),
 * or `broken` (not worth repeating: not found, refused, redirected).
 */
export type AttemptOutcome =
  | { kind: 'answered'; result: ExecutionResult }
  | { kind: 'transient'; result: ExecutionResult; retryAfterMs?: number }
  | { kind: 'broken'; result: ExecutionResult };

const FRAGMENT_KEYS = [
  'attempts',
  'backoff_ms',
  'max_backoff_ms',
  'breaker',
  'breaker_threshold',
  'breaker_cooldown_ms',
];

function whole(key: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new ConfigError(`route option ${key} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  return Number(value);
}

/**
 * The policy of one route: `base` overridden by the options in the route URL's fragment
 * (`#attempts=5&backoff_ms=100&max_backoff_ms=2000&breaker_threshold=3&breaker_cooldown_ms=60000`,
 * `#breaker=off`). Fragments are never sent, so they cannot clash with an endpoint's own query.
 * Throws {@link ConfigError} for an unknown option or a bad value.
 *
 * @example
 * ```ts
 * remoteCallPolicy(new URL('lambda://resize#attempts=5'), DEFAULT_REMOTE_CALL_POLICY).attempts; // 5
 * ```
 */
export function remoteCallPolicy(
  route: URL,
  base: RemoteCallPolicy = DEFAULT_REMOTE_CALL_POLICY,
): RemoteCallPolicy {
  const options = new URLSearchParams(route.hash.replace(/^#/, ''));
  const policy: RemoteCallPolicy = { ...base, breaker: base.breaker ? { ...base.breaker } : null };
  for (const [key, value] of options) {
    if (!FRAGMENT_KEYS.includes(key))
      throw new ConfigError(
        `unknown route option ${JSON.stringify(key)} (known: ${FRAGMENT_KEYS.join(', ')})`,
      );
    if (key === 'attempts') policy.attempts = whole(key, value, 1);
    if (key === 'backoff_ms') policy.backoffMs = whole(key, value, 0);
    if (key === 'max_backoff_ms') policy.maxBackoffMs = whole(key, value, 0);
    if (key === 'breaker') {
      if (value !== 'off' && value !== 'on')
        throw new ConfigError(`route option breaker must be on or off, got ${JSON.stringify(value)}`);
      policy.breaker = value === 'off' ? null : (policy.breaker ?? { ...DEFAULT_REMOTE_CALL_POLICY.breaker });
    }
  }
  for (const [key, value] of options) {
    if (key !== 'breaker_threshold' && key !== 'breaker_cooldown_ms') continue;
    if (!policy.breaker) throw new ConfigError(`route option ${key} given with breaker=off`);
    if (key === 'breaker_threshold') policy.breaker.threshold = whole(key, value, 1);
    else policy.breaker.coolDownMs = whole(key, value, 0);
  }
  return policy;
}

/**
 * A route URL without its fragment: what to call.
 *
 * @example
 * ```ts
 * withoutOptions(new URL('https://api.example.com/run#attempts=2')).href; // 'https://api.example.com/run'
 * ```
 */
export function withoutOptions(route: URL): URL {
  const url = new URL(route.href);
  url.hash = '';
  return url;
}

/**
 * Parse an HTTP `Retry-After` value (seconds or an HTTP date) into milliseconds from `now`.
 *
 * @example
 * ```ts
 * retryAfterMs('2'); // 2000
 * ```
 */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Options of {@link createRemoteCaller}: where randomness and time come from (tests pin them). */
export interface RemoteCallerOptions {
  random?: () => number;
  now?: () => number;
}

/**
 * Runs remote calls under a {@link RemoteCallPolicy}, with one {@link CircuitBreaker} per target
 * key shared by every route of the caller. An open breaker fails the task at once with
 * `celery_cloud.errors.CircuitOpenError`, without calling.
 *
 * @example
 * ```ts
 * const caller = createRemoteCaller();
 * const result = await caller.call('lambda://resize', policy, context, async () => ({ kind: 'answered', result: { status: 'success', value: 1 } }));
 * ```
 */
export function createRemoteCaller(options: RemoteCallerOptions = {}) {
  const random = options.random ?? Math.random;
  const breakers = new Map<string, CircuitBreaker>();
  const breakerFor = (target: string, policy: RemoteCallPolicy): CircuitBreaker | null => {
    if (!policy.breaker) return null;
    const key = `${target} ${policy.breaker.threshold} ${policy.breaker.coolDownMs}`;
    let breaker = breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker({ ...policy.breaker, ...(options.now ? { now: options.now } : {}) });
      breakers.set(key, breaker);
    }
    return breaker;
  };

  return {
    async call(
      target: string,
      policy: RemoteCallPolicy,
      context: ExecutionContext,
      attempt: () => Promise<AttemptOutcome>,
    ): Promise<ExecutionResult> {
      const breaker = breakerFor(target, policy);
      if (breaker && !breaker.allow()) {
        return {
          status: 'failure',
          exception: {
            exc_type: 'CircuitOpenError',
            exc_message: [
              `${target} failed ${policy.breaker?.threshold} calls in a row; not called for ${policy.breaker?.coolDownMs} ms`,
            ],
            exc_module: 'celery_cloud.errors',
          },
          traceback: null,
        };
      }
      for (let n = 1; ; n++) {
        let outcome: AttemptOutcome;
        try {
          outcome = await attempt();
        } catch (error) {
          // An attempt that throws (a value that cannot be encoded) is not the target's fault.
          breaker?.release();
          return { status: 'failure', exception: exceptionInfoFromError(error), traceback: null };
        }
        if (outcome.kind === 'answered') {
          breaker?.recordSuccess();
          return outcome.result;
        }
        if (outcome.kind === 'transient' && n < policy.attempts && !context.signal.aborted) {
          const ceiling = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (n - 1));
          const delay = Math.max(Math.floor(random() * ceiling), outcome.retryAfterMs ?? 0);
          if (delay < context.remainingTimeMs()) {
            await abortableSleep(delay, context.signal);
            if (!context.signal.aborted) continue;
          }
        }
        breaker?.recordFailure();
        return outcome.result;
      }
    },
  };
}

/** A caller made by {@link createRemoteCaller}. */
export type RemoteCaller = ReturnType<typeof createRemoteCaller>;
