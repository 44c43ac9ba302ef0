/**
 * Fails fast after `threshold` consecutive failures, for `coolDownMs`, then lets one call probe:
 * its success closes the circuit, its failure opens it again. One breaker per remote target keeps
 * an outage from spending a whole batch's time.
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({ threshold: 5, coolDownMs: 30_000 });
 * if (!breaker.allow()) return fastFailure;
 * try { await call(); breaker.recordSuccess(); } catch { breaker.recordFailure(); }
 * ```
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private probing = false;

  constructor(private readonly options: { threshold: number; coolDownMs: number; now?: () => number }) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** True while calls must fail fast: open and cooling down, or a probe is under way. */
  isOpen(): boolean {
    if (this.failures < this.options.threshold) return false;
    return this.now() < this.openUntil || this.probing;
  }

  /** Whether a call may go ahead; once the cool-down is over, only one (the probe) does. */
  allow(): boolean {
    if (this.isOpen()) return false;
    if (this.failures >= this.options.threshold) this.probing = true;
    return true;
  }

  /** The call allowed by {@link allow} never reached the target: count nothing. */
  release(): void {
    this.probing = false;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.probing = false;
  }

  recordFailure(): void {
    this.failures += 1;
    this.probing = false;
    if (this.failures >= this.options.threshold) this.openUntil = this.now() + this.options.coolDownMs;
  }
}
