import { describe, expect, it } from 'vitest';
import { runLoad } from './load/loadHarness.js';

describe('load with injected faults (the small run; `pnpm test:load` runs 10,000 tasks)', () => {
  it('accounts for every task: none lost, none run again after its SUCCESS was stored', async () => {
    const report = await runLoad({ tasks: 400, faultRate: 0.05, timeoutMs: 90_000 });
    expect(report.lost).toBe(0);
    expect(report.ranAfterSuccess).toBe(0);
    expect(report.completed).toBe(report.sent);
    expect(report.deadLettered).toBe(report.faulty.poison);
    expect(report.deadLetteredUnaccounted).toBe(0);
    expect(report.retried).toBe(report.faulty.retry);
    expect(Object.values(report.faulty).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 120_000);
});
