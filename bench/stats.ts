/** Summaries of repeated measurements. */

/** min, median and max of a sample. */
export interface Summary {
  min: number;
  median: number;
  max: number;
}

/**
 * Summarize a sample of at least one value.
 *
 * @example
 * ```ts
 * summarize([3, 1, 2]); // { min: 1, median: 2, max: 3 }
 * ```
 */
export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const [min, max] = [sorted[0], sorted.at(-1)];
  if (min === undefined || max === undefined) throw new RangeError('summarize needs at least one value');
  const upper = sorted[mid] ?? max;
  const median = sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? min) + upper) / 2;
  return { min, median, max };
}

/**
 * Time `fn` over `iterations` calls; microseconds per call.
 *
 * @example
 * ```ts
 * microsPerCall(() => JSON.parse(text), 10_000);
 * ```
 */
export function microsPerCall(fn: () => unknown, iterations: number): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - started) / 1000 / iterations;
}
