/** Running a Python script file of the benchmarks with Debian's Python (Celery 5.2). */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DEBIAN_PYTHON, runPython } from '../packages/testkit/src/python.js';

/**
 * Run `script` (a file path) with arguments and stdin; resolves with stdout, rejects on a non-zero exit.
 *
 * @example
 * ```ts
 * const out = await python(new URL('./celery_inprocess.py', import.meta.url).pathname, ['1000', '5']);
 * ```
 */
export async function python(script: string, args: string[], input = ''): Promise<string> {
  const run = await runPython(readFileSync(script, 'utf8'), { args, input, timeoutMs: 600_000 });
  if (run.code !== 0) throw new Error(`${script} exited ${run.code}: ${run.stderr.slice(-1500)}`);
  return run.stdout;
}

/** A Python script kept running, asked one line at a time. */
export interface PythonSession {
  /** Write `line` to its stdin; resolves with the next line it prints. */
  ask(line: string): Promise<string>;
  /** Close its stdin and wait for it to exit. */
  close(): Promise<void>;
}

/**
 * Start `script` (a file path) and talk to it line by line: each {@link PythonSession.ask} writes
 * a line and waits for the next line printed, so its work can alternate with ours.
 *
 * @example
 * ```ts
 * const session = pythonSession(new URL('./decode.py', import.meta.url).pathname);
 * await session.ask(JSON.stringify({ bodies, warmup: 50 })); // 'ready'
 * const micros = Number(await session.ask('100'));
 * await session.close();
 * ```
 */
export function pythonSession(script: string): PythonSession {
  const child = spawn(DEBIAN_PYTHON, [script], {
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  // A script that exited early closes its stdin: what it printed on stderr says why, not EPIPE.
  child.stdin.on('error', () => {});
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', resolve);
    // Not started at all (no interpreter there): said like an exit, with the reason.
    child.once('error', (error) => {
      stderr += error.message;
      resolve(null);
    });
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async ask(line) {
      child.stdin.write(`${line}\n`);
      const next = await lines.next();
      if (next.done) throw new Error(`${script} exited ${await exited}: ${stderr.slice(-1500)}`);
      return next.value;
    },
    async close() {
      child.stdin.end();
      const code = await exited;
      if (code !== 0) throw new Error(`${script} exited ${code}: ${stderr.slice(-1500)}`);
    },
  };
}
