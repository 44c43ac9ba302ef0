/** Running Debian's Python (Celery 5.2) from the benchmarks. */
import { spawn } from 'node:child_process';

/** Debian's own interpreter; a pyenv shim earlier on PATH lacks Celery. */
export const PYTHON = '/usr/bin/python3';

/**
 * Run a Python script file with arguments and stdin; resolves with stdout, rejects on a non-zero exit.
 *
 * @example
 * ```ts
 * const out = await python(new URL('./decode.py', import.meta.url).pathname, [], input);
 * ```
 */
export function python(
  script: string,
  args: string[],
  input = '',
  env: Record<string, string> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [script, ...args], {
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${script} exited ${code}: ${stderr.slice(-1500)}`)),
    );
    child.stdin.end(input);
  });
}
