/**
 * Where results go: `CELERY_RESULT_BACKEND`, or the Python celery-cloud's
 * `CELERY_BACKEND_TABLE` and `CELERY_BACKEND_REGION` (docs/migrating-from-python-celery-cloud.md).
 */
import { ConfigError } from '@celery-cloud/core';

type Env = Record<string, string | undefined>;

const set = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/**
 * The DynamoDB result backend URL: `CELERY_RESULT_BACKEND` as Celery writes it, else
 * `dynamodb://@<CELERY_BACKEND_REGION>/<CELERY_BACKEND_TABLE>` (the Python celery-cloud's
 * settings; the region defaults to `AWS_REGION`). Throws {@link ConfigError} when neither is
 * set, or both are.
 *
 * @example
 * ```ts
 * resultBackendUrlFromEnv({ CELERY_BACKEND_TABLE: 'tasks', CELERY_BACKEND_REGION: 'eu-central-1' });
 * // 'dynamodb://@eu-central-1/tasks'
 * ```
 */
export function resultBackendUrlFromEnv(env: Env): string {
  const url = set(env.CELERY_RESULT_BACKEND);
  const table = set(env.CELERY_BACKEND_TABLE);
  if (url && table)
    throw new ConfigError(
      'CELERY_RESULT_BACKEND and CELERY_BACKEND_TABLE are both set: keep one (CELERY_RESULT_BACKEND=dynamodb://@<region>/<table>)',
    );
  if (url) return url;
  if (!table)
    throw new ConfigError(
      'CELERY_RESULT_BACKEND is not set (e.g. dynamodb://@us-east-1/celery, or CELERY_BACKEND_TABLE and CELERY_BACKEND_REGION)',
    );
  const region = set(env.CELERY_BACKEND_REGION) ?? set(env.AWS_REGION) ?? set(env.AWS_DEFAULT_REGION);
  if (!region)
    throw new ConfigError(`CELERY_BACKEND_TABLE=${table} needs CELERY_BACKEND_REGION (or AWS_REGION)`);
  if (!/^[a-z0-9-]+$/.test(region))
    throw new ConfigError(
      `CELERY_BACKEND_REGION must be an AWS region like eu-west-1, got ${JSON.stringify(region)}`,
    );
  return `dynamodb://@${region}/${encodeURIComponent(table)}`;
}
