/**
 * Fails fast after `threshold` consecutive failures, for `coolDownMs`, then lets one call probe.
 * One breaker per remote function keeps an outage from spending a whole batch's time.
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({ threshold: 5, coolDownMs: 30_000 });
 * if (breaker.isOpen()) return fastFailure;
 * ```
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;

  constructor(private readonly options: { threshold: number; coolDownMs: number; now?: () => number }) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  isOpen(): boolean {
    return this.failures >= this.options.threshold && this.now() < this.openUntil;
  }

  recordSuccess(): void {
    this.failures = 0;
  }

  recordFailure(): void {
    this.failures += 1;
    if (this.failures >= this.options.threshold) this.openUntil = this.now() + this.options.coolDownMs;
  }
}
