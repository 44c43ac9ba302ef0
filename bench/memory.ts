/**
 * Figure 7: peak resident memory of a fresh process running one batch of 10 messages of 200 KB.
 */
import { spawnSync } from 'node:child_process';
import { importBundled } from './bundle.js';
import { type Summary, summarize } from './stats.js';

const CHILD = `
const core = await import(process.argv[1]);
const { MemoryResultStore } = await import(process.argv[2]);
const before = process.memoryUsage().rss;
const tasks = new core.TaskRegistry().register(core.defineTask('bench.size', (_ctx, text) => text.length));
const runner = core.createRunner({ backend: new MemoryResultStore(), tasks, logger: { log() {} } });
const big = 'y'.repeat(200 * 1024);
const batch = Array.from({ length: 10 }, (_, i) => ({
  messageId: 'm' + i,
  transport: 'sqs',
  payload: core.wrapForTransport(core.encodeTaskMessage({ id: 'big-' + i, task: 'bench.size', args: [big], kwargs: {} }), 'sqs'),
}));
const outcomes = await runner.runBatch(batch);
if (outcomes.some((o) => o.action !== 'ack')) throw new Error('a message was not acked');
process.stdout.write(JSON.stringify({ before, peak: process.resourceUsage().maxRSS * 1024 }));
`;

/**
 * `runs` fresh processes; peak RSS and the RSS after loading the code, in MB.
 *
 * @example
 * ```ts
 * const { peak } = await benchMemory({ runs: 5 });
 * ```
 */
export async function benchMemory(options: { runs: number }): Promise<{ peak: Summary; loaded: Summary }> {
  await importBundled('packages/core/src/index.ts', 'core');
  await importBundled('packages/core/src/testing/index.ts', 'coreTesting');
  const bundle = new URL('../.tmp/bench/core.mjs', import.meta.url).pathname;
  const testing = new URL('../.tmp/bench/coreTesting.mjs', import.meta.url).pathname;
  const peak: number[] = [];
  const loaded: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, bundle, testing], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`memory run failed: ${child.stderr.slice(-800)}`);
    const figures = JSON.parse(child.stdout) as { before: number; peak: number };
    peak.push(figures.peak / 1024 / 1024);
    loaded.push(figures.before / 1024 / 1024);
  }
  return { peak: summarize(peak), loaded: summarize(loaded) };
}
