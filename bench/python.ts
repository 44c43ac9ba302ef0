/** Running a Python script file of the benchmarks with Debian's Python (Celery 5.2). */
import { readFileSync } from 'node:fs';
import { runPython } from '../packages/testkit/src/python.js';

/**
 * Run `script` (a file path) with arguments and stdin; resolves with stdout, rejects on a non-zero exit.
 *
 * @example
 * ```ts
 * const out = await python(new URL('./decode.py', import.meta.url).pathname, [], input);
 * ```
 */
export async function python(script: string, args: string[], input = ''): Promise<string> {
  const run = await runPython(readFileSync(script, 'utf8'), { args, input, timeoutMs: 600_000 });
  if (run.code !== 0) throw new Error(`${script} exited ${run.code}: ${run.stderr.slice(-1500)}`);
  return run.stdout;
}
