import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Debian's own interpreter, which carries `python3-celery` 5.2.6. A pyenv shim may come first on
 * PATH and lacks Celery, so the absolute path is used.
 */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/** True when Debian's Python with Celery is installed (`.ci/run` installs it). */
export function hasPythonCelery(): boolean {
  return existsSync('/usr/lib/python3/dist-packages/celery/__init__.py') && existsSync(DEBIAN_PYTHON);
}

/** True when Debian's Python also has the Azure Storage libraries Celery's Azure transport and backend use. */
export function hasPythonAzure(): boolean {
  return hasPythonCelery() && existsSync('/usr/lib/python3/dist-packages/azure/multiapi/storage');
}

/** Output of one Python run. */
export interface PythonRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run a Python script with Debian's interpreter, feeding `input` on stdin.
 *
 * @example
 * ```ts
 * const { stdout } = await runPython('import celery; print(celery.__version__)');
 * ```
 */
export function runPython(
  script: string,
  options: { input?: string; env?: Record<string, string>; timeoutMs?: number; args?: string[] } = {},
): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(DEBIAN_PYTHON, ['-c', script, ...(options.args ?? [])], {
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...options.env },
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
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
