/**
 * Celery's `rate_limit` shared by every function instance: a fixed-window counter per task name in
 * the result store (the chord counter's atomic increment), not Celery's per-worker token bucket.
 * A message over the limit is deferred to the next window, never failed (docs/runner.md).
 */
import { ConfigError } from '../errors.js';
import type { ResultStore } from '../ports.js';

/** At most `count` task starts per `periodSeconds`, across all instances. */
export interface RateLimit {
  count: number;
  periodSeconds: number;
}

const PERIODS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/**
 * Parse Celery's rate limit text: `10/s`, `10/m`, `10/h`, or a bare number per second; `0` or an
 * empty text is no limit (null). Throws {@link ConfigError} for anything else.
 *
 * @example
 * ```ts
 * parseRateLimit('10/m'); // { count: 10, periodSeconds: 60 }
 * ```
 */
export function parseRateLimit(text: string | number | undefined): RateLimit | null {
  if (text === undefined || text === '') return null;
  const [, countText, period = 's'] = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*([smh]))?\s*$/.exec(String(text)) ?? [];
  const periodSeconds = PERIODS[period];
  if (countText === undefined || periodSeconds === undefined)
    throw new ConfigError(`rate limit must be like 10/s, 10/m or 10/h, got ${JSON.stringify(text)}`);
  const count = Number(countText);
  if (count === 0) return null;
  // Celery allows fractions (0.5/s = 1 every 2 s): keep whole tasks per a longer window.
  return count >= 1 && Number.isInteger(count)
    ? { count, periodSeconds }
    : { count: 1, periodSeconds: periodSeconds / count };
}

/**
 * Take one start of `task` in the current window: null when within the limit, else when the next
 * window opens (defer the message until then). The counter of the window before is deleted by the
 * first start of a window, best effort.
 *
 * @example
 * ```ts
 * const wait = await rateLimitWait(backend, 'proj.add', { count: 10, periodSeconds: 60 }, new Date());
 * ```
 */
export async function rateLimitWait(
  backend: ResultStore,
  task: string,
  limit: RateLimit,
  now: Date,
): Promise<Date | null> {
  const periodMs = limit.periodSeconds * 1000;
  const window = Math.floor(now.getTime() / periodMs);
  const key = (w: number) => `celery-cloud-rate-limit.${task}.${limit.periodSeconds}.${w}`;
  const taken = await backend.incrChordCounter(key(window));
  if (taken === 1) await backend.deleteChordCounter(key(window - 1)).catch(() => undefined);
  return taken <= limit.count ? null : new Date((window + 1) * periodMs);
}
