import { ConfigError } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { resultBackendUrlFromEnv } from './resultBackendUrlFromEnv.js';

describe('resultBackendUrlFromEnv', () => {
  it('takes CELERY_RESULT_BACKEND as Celery writes it', () => {
    expect(resultBackendUrlFromEnv({ CELERY_RESULT_BACKEND: 'dynamodb://@us-east-1/celery' })).toBe(
      'dynamodb://@us-east-1/celery',
    );
  });

  it('reads the Python celery-cloud settings CELERY_BACKEND_TABLE and CELERY_BACKEND_REGION', () => {
    expect(
      resultBackendUrlFromEnv({
        CELERY_BACKEND_TABLE: 'runner-tasks',
        CELERY_BACKEND_REGION: 'eu-central-1',
      }),
    ).toBe('dynamodb://@eu-central-1/runner-tasks');
    expect(resultBackendUrlFromEnv({ CELERY_BACKEND_TABLE: 'runner-tasks', AWS_REGION: 'us-west-2' })).toBe(
      'dynamodb://@us-west-2/runner-tasks',
    );
  });

  it('refuses no backend, two backends and a table without a region', () => {
    expect(() => resultBackendUrlFromEnv({})).toThrow(ConfigError);
    expect(() =>
      resultBackendUrlFromEnv({
        CELERY_RESULT_BACKEND: 'dynamodb://@us-east-1/a',
        CELERY_BACKEND_TABLE: 'b',
      }),
    ).toThrow(/both set: keep one/);
    expect(() => resultBackendUrlFromEnv({ CELERY_BACKEND_TABLE: 'b' })).toThrow(
      /needs CELERY_BACKEND_REGION/,
    );
    expect(() =>
      resultBackendUrlFromEnv({ CELERY_BACKEND_TABLE: 'b', CELERY_BACKEND_REGION: 'EU West' }),
    ).toThrow(/must be an AWS region/);
  });
});
