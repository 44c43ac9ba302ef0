import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import type { ExecutionContext, ExecutionResult } from '../ports.js';
import {
  type AttemptOutcome,
  DEFAULT_REMOTE_CALL_POLICY,
  createRemoteCaller,
  remoteCallPolicy,
  retryAfterMs,
} from './remoteCallPolicy.js';

const failed: ExecutionResult = {
  status: 'failure',
  exception: { exc_type: 'HTTPError', exc_message: ['503'], exc_module: 'requests.exceptions' },
  traceback: null,
};
const ok: ExecutionResult = { status: 'success', value: 1 };
const context = (left = 10_000): ExecutionContext => ({
  signal: new AbortController().signal,
  softSignal: new AbortController().signal,
  remainingTimeMs: () => left,
});
const script = (...outcomes: AttemptOutcome[]) => {
  let n = 0;
  const attempt = async () => outcomes[Math.min(n++, outcomes.length - 1)] as AttemptOutcome;
  return { attempt, calls: () => n };
};

describe('remoteCallPolicy', () => {
  it('reads route options from the fragment over the defaults', () => {
    expect(remoteCallPolicy(new URL('https://x.example/run?attempts=9'))).toEqual(DEFAULT_REMOTE_CALL_POLICY);
    expect(
      remoteCallPolicy(
        new URL(
          'lambda://f#attempts=5&backoff_ms=10&max_backoff_ms=100&breaker_threshold=2&breaker_cooldown_ms=5',
        ),
      ),
    ).toEqual({ attempts: 5, backoffMs: 10, maxBackoffMs: 100, breaker: { threshold: 2, coolDownMs: 5 } });
    expect(remoteCallPolicy(new URL('lambda://f#breaker=off')).breaker).toBeNull();
  });

  it('refuses unknown options and bad values with a ConfigError', () => {
    expect(() => remoteCallPolicy(new URL('lambda://f#attempts=0'))).toThrow(ConfigError);
    expect(() => remoteCallPolicy(new URL('lambda://f#attempts=two'))).toThrow(/integer ≥ 1/);
    expect(() => remoteCallPolicy(new URL('lambda://f#breaker=off&breaker_threshold=2'))).toThrow(
      /breaker=off/,
    );
    expect(() => remoteCallPolicy(new URL('lambda://f#timeout=1'))).toThrow(/unknown route option/);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Thu, 01 Jan 2030 00:00:10 GMT', Date.parse('2030-01-01T00:00:00Z'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('createRemoteCaller', () => {
  const policy = { ...DEFAULT_REMOTE_CALL_POLICY, backoffMs: 1 };

  it('retries transient failures up to the attempts, never broken ones or answers', async () => {
    const caller = createRemoteCaller();
    const flaky = script({ kind: 'transient', result: failed }, { kind: 'answered', result: ok });
    expect(await caller.call('a', policy, context(), flaky.attempt)).toEqual(ok);
    expect(flaky.calls()).toBe(2);
    const broken = script({ kind: 'broken', result: failed });
    expect(await caller.call('b', policy, context(), broken.attempt)).toEqual(failed);
    expect(broken.calls()).toBe(1);
    const down = script({ kind: 'transient', result: failed });
    expect(await caller.call('c', policy, context(), down.attempt)).toEqual(failed);
    expect(down.calls()).toBe(3);
  });

  it('draws each delay with full jitter below the doubled back-off, capped', async () => {
    const draws: number[] = [];
    const caller = createRemoteCaller({
      random: () => {
        draws.push(1);
        return 0.999;
      },
    });
    const started = Date.now();
    const down = script({ kind: 'transient', result: failed });
    await caller.call(
      'd',
      { ...policy, backoffMs: 40, maxBackoffMs: 60, attempts: 3 },
      context(),
      down.attempt,
    );
    const elapsed = Date.now() - started;
    expect(draws).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(39 + 59 - 5);
    // Two capped waits of about 60 ms; the bound leaves room for a loaded machine's timers.
    expect(elapsed).toBeLessThan(1500);
  });

  it('does not wait longer than the time left', async () => {
    const down = script({ kind: 'transient', result: failed, retryAfterMs: 5000 });
    expect(await createRemoteCaller().call('e', policy, context(1000), down.attempt)).toEqual(failed);
    expect(down.calls()).toBe(1);
  });

  it('shares a breaker per target that opens, fails fast, and lets one call probe after the cool-down', async () => {
    let now = 0;
    const caller = createRemoteCaller({ now: () => now });
    const strict = { ...policy, attempts: 1, breaker: { threshold: 2, coolDownMs: 1000 } };
    const down = script({ kind: 'broken', result: failed });
    await caller.call('f', strict, context(), down.attempt);
    await caller.call('f', strict, context(), down.attempt);
    expect(await caller.call('f', strict, context(), down.attempt)).toMatchObject({
      exception: { exc_type: 'CircuitOpenError', exc_module: 'celery_cloud.errors' },
    });
    expect(down.calls()).toBe(2);
    expect(
      await caller.call('g', strict, context(), script({ kind: 'answered', result: ok }).attempt),
    ).toEqual(ok);
    now = 1001;
    expect(
      await caller.call('f', strict, context(), script({ kind: 'answered', result: ok }).attempt),
    ).toEqual(ok);
  });

  it('fails the task when an attempt throws, without blaming the target', async () => {
    const caller = createRemoteCaller();
    const strict = { ...policy, attempts: 1, breaker: { threshold: 1, coolDownMs: 60_000 } };
    const throws = async (): Promise<AttemptOutcome> => {
      throw new TypeError('cannot encode');
    };
    expect(await caller.call('h', strict, context(), throws)).toMatchObject({
      status: 'failure',
      exception: { exc_type: 'TypeError', exc_message: ['cannot encode'] },
    });
    expect(
      await caller.call('h', strict, context(), script({ kind: 'answered', result: ok }).attempt),
    ).toEqual(ok);
  });
});
