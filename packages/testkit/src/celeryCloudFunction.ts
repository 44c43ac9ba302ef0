import { fileURLToPath } from 'node:url';

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
