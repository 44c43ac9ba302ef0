/** The machine's load while the bench runs: sampled, then told in the notes. */
import { cpus, loadavg } from 'node:os';

/**
 * Sample the 1-minute load average every `everyMs` until `note()` is called, which stops and
 * returns the note line under the results table.
 *
 * @example
 * ```ts
 * const load = sampleLoad();
 * // … measure …
 * notes.unshift(...load.note());
 * ```
 */
export function sampleLoad(everyMs = 15_000): { note(): string[] } {
  const samples = [loadavg()[0] ?? 0];
  const timer = setInterval(() => samples.push(loadavg()[0] ?? 0), everyMs);
  timer.unref();
  return {
    note() {
      clearInterval(timer);
      samples.push(loadavg()[0] ?? 0);
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      const fixed = (n: number) => n.toFixed(1);
      return [
        `- **Load.** The 1-minute load average, sampled every ${everyMs / 1000} s during this run (${samples.length} samples),`,
        `  went from ${fixed(Math.min(...samples))} to ${fixed(Math.max(...samples))} (mean ${fixed(mean)}) on ${cpus().length} cores. Ratios of figures measured side by side`,
        '  are what to read; figures 6 and 8 move most from run to run (see their min and max).',
      ];
    },
  };
}
