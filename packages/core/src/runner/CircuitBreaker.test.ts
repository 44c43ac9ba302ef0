import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './CircuitBreaker.js';

describe('CircuitBreaker', () => {
  it('opens after threshold failures in a row and stays open for the cool-down', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ threshold: 2, coolDownMs: 100, now: () => now });
    breaker.recordFailure();
    expect(breaker.allow()).toBe(true);
    breaker.recordFailure();
    expect(breaker.allow()).toBe(false);
    now = 99;
    expect(breaker.isOpen()).toBe(true);
  });

  it('lets exactly one probe through after the cool-down; its outcome closes or reopens it', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ threshold: 1, coolDownMs: 100, now: () => now });
    breaker.recordFailure();
    now = 100;
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(false);
    breaker.recordFailure();
    expect(breaker.allow()).toBe(false);
    now = 200;
    expect(breaker.allow()).toBe(true);
    breaker.recordSuccess();
    expect([breaker.allow(), breaker.allow()]).toEqual([true, true]);
  });

  it('forgets failures after a success', () => {
    const breaker = new CircuitBreaker({ threshold: 2, coolDownMs: 100 });
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.allow()).toBe(true);
  });
});
