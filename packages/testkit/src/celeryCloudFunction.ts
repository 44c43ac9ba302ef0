import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { DEBIAN_PYTHON } from './python.js';

/**
 * The Python package `celery-cloud-function` (python/celery-cloud-function): put it on
 * `PYTHONPATH` to import `celery_cloud_function` without installing it.
 *
 * @example
 * ```ts
 * await runPython('import celery_cloud_function', { env: { PYTHONPATH: CELERY_CLOUD_FUNCTION_DIR } });
 * ```
 */
export const CELERY_CLOUD_FUNCTION_DIR = fileURLToPath(
  new URL('../../../python/celery-cloud-function', import.meta.url),
);

/** A running Python server of remote functions. */
export interface PythonFunctionServer {
  /** `http://127.0.0.1:<port>`: post to `<base><path>`. */
  base: string;
  stop(): void;
}

/**
 * Serve Python remote functions written with `celery-cloud-function` on one `http.server` on
 * 127.0.0.1 (a free port), each at its path: `{'/api/quote': 'remote_function.quote'}` imports
 * `quote` from the module `remote_function` found on `path`.
 *
 * @example
 * ```ts
 * const server = await startPythonFunctionServer({ path: [EXAMPLES], routes: { '/quote': 'remote_function.quote' } });
 * server.stop();
 * ```
 */
export async function startPythonFunctionServer(options: {
  path: string[];
  routes: Record<string, string>;
}): Promise<PythonFunctionServer> {
  const entries = Object.entries(options.routes).map(([route, target]) => {
    const dot = target.lastIndexOf('.');
    return `${JSON.stringify(route)}: getattr(importlib.import_module(${JSON.stringify(target.slice(0, dot))}), ${JSON.stringify(target.slice(dot + 1))})`;
  });
  const script = [
    'import importlib',
    'from celery_cloud_function import make_server',
    `server = make_server({${entries.join(', ')}}, host='127.0.0.1', port=0)`,
    'print(server.server_address[1], flush=True)',
    'server.serve_forever()',
  ].join('\n');
  const child = spawn(DEBIAN_PYTHON, ['-c', script], {
    env: {
      ...process.env,
      PYTHONPATH: [...options.path, CELERY_CLOUD_FUNCTION_DIR].join(':'),
      PYTHONDONTWRITEBYTECODE: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (!child.stdout) throw new Error('the Python function server has no stdout to read its port from');
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  return { base: `http://127.0.0.1:${line.toString().trim()}`, stop: () => child.kill() };
}
