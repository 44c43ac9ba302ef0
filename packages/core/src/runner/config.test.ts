import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { MemoryResultStore } from '../memory/MemoryResultStore.js';
import type { ResultStore } from '../ports.js';
import {
  logLevelFromEnv,
  remoteCallPolicyFromEnv,
  resultExpiresFromEnv,
  runnerOptionsFromEnv,
} from './config.js';
import { createRunner } from './createRunner.js';

const backend = new MemoryResultStore();

describe('runnerOptionsFromEnv', () => {
  it('reads every documented variable', () => {
    const options = runnerOptionsFromEnv(
      {
        TASKS: '{"proj.add": "https://api.example.com/add"}',
        CELERY_TASK_TRACK_STARTED: 'true',
        CELERY_RESULT_EXTENDED: '1',
        CELERY_CLOUD_CONCURRENCY: '4',
        CELERY_WORKER_NAME: 'celery@lambda',
        CELERY_CLOUD_TIME_SAFETY_MARGIN_MS: '1500',
        CELERY_CLOUD_STORE_TIMEOUT: '12',
        CELERY_TASK_DEFAULT_QUEUE: 'jobs',
        CELERY_CLOUD_RESULT_TYPE_TAGS: 'false',
        CELERY_ACCEPT_CONTENT: 'application/json, application/x-msgpack',
        CELERY_CLOUD_LOG_LEVEL: 'warn',
        CELERY_CLOUD_CHORD_MODE: 'counter',
        CELERY_TASK_ROUTES: '{"proj.reports.*": {"queue": "reports"}}',
      },
      { backend },
    );
    expect(options).toMatchObject({
      backend,
      routes: { 'proj.add': 'https://api.example.com/add' },
      trackStarted: true,
      resultExtended: true,
      concurrency: 4,
      workerName: 'celery@lambda',
      timeSafetyMarginMs: 1500,
      storeTimeoutMs: 12_000,
      defaultQueue: 'jobs',
      typeTags: false,
      accept: ['application/json', 'application/x-msgpack'],
      chordMode: 'counter',
      taskRoutes: { 'proj.reports.*': { queue: 'reports' } },
    });
    expect(() => createRunner(options)).not.toThrow();
  });

  it('leaves unset variables to the runner defaults', () => {
    const options = runnerOptionsFromEnv({}, { backend });
    expect(Object.keys(options).sort()).toEqual(['backend', 'logger']);
  });

  it('reads the decode limits, each from its own variable', () => {
    const options = runnerOptionsFromEnv(
      {
        CELERY_CLOUD_MAX_DECOMPRESSED_BYTES: '1048576',
        CELERY_CLOUD_MAX_DECODE_DEPTH: '64',
        CELERY_CLOUD_MAX_DECODE_ELEMENTS: '5000',
        CELERY_CLOUD_MAX_INTEGER_DIGITS: '100',
      },
      { backend },
    );
    expect(options.decodeLimits).toEqual({
      maxDecompressedBytes: 1048576,
      maxDepth: 64,
      maxElements: 5000,
      maxIntegerDigits: 100,
    });
    expect(runnerOptionsFromEnv({ CELERY_CLOUD_MAX_DECODE_DEPTH: '9' }, { backend }).decodeLimits).toEqual({
      maxDepth: 9,
    });
  });

  it('rejects a decode depth a Python client could not read back', () => {
    expect(() => runnerOptionsFromEnv({ CELERY_CLOUD_MAX_DECODE_DEPTH: '5000' }, { backend })).toThrow(
      'CELERY_CLOUD_MAX_DECODE_DEPTH must be an integer from 1 to 800, got "5000"',
    );
    expect(() => runnerOptionsFromEnv({ CELERY_CLOUD_MAX_DECODE_ELEMENTS: '0' }, { backend })).toThrow(
      ConfigError,
    );
  });

  it('accepts the pre-4.0 name CELERY_DEFAULT_QUEUE', () => {
    expect(runnerOptionsFromEnv({ CELERY_DEFAULT_QUEUE: 'old' }, { backend }).defaultQueue).toBe('old');
  });

  it('rejects TASKS that is not JSON, naming the variable', () => {
    expect(() => runnerOptionsFromEnv({ TASKS: '{proj.add: x}' }, { backend })).toThrow(
      /^TASKS is not valid JSON/,
    );
  });

  it('rejects an unknown chord mode and task routes that are not a JSON object', () => {
    expect(() => runnerOptionsFromEnv({ CELERY_CLOUD_CHORD_MODE: 'redis' }, { backend })).toThrow(
      /^CELERY_CLOUD_CHORD_MODE must be auto, unlock or counter/,
    );
    expect(() => runnerOptionsFromEnv({ CELERY_TASK_ROUTES: '[]' }, { backend })).toThrow(
      /^CELERY_TASK_ROUTES/,
    );
    expect(() => runnerOptionsFromEnv({ CELERY_TASK_ROUTES: '{' }, { backend })).toThrow(
      /^CELERY_TASK_ROUTES/,
    );
  });

  it('rejects TASKS that is not an object', () => {
    expect(() => runnerOptionsFromEnv({ TASKS: '["a"]' }, { backend })).toThrow(ConfigError);
  });

  it('rejects an unknown scheme when the runner is built', () => {
    const options = runnerOptionsFromEnv({ TASKS: '{"proj.add": "gopher://x/add"}' }, { backend });
    expect(() => createRunner(options)).toThrow(/gopher:\/\//);
  });

  it('rejects a missing backend', () => {
    expect(() => runnerOptionsFromEnv({}, { backend: undefined as unknown as ResultStore })).toThrow(
      /needs a result backend/,
    );
  });

  it.each([
    ['CELERY_TASK_TRACK_STARTED', 'maybe'],
    ['CELERY_CLOUD_CONCURRENCY', '0'],
    ['CELERY_CLOUD_CONCURRENCY', '2.5'],
    ['CELERY_CLOUD_TIME_SAFETY_MARGIN_MS', '-1'],
    ['CELERY_CLOUD_STORE_TIMEOUT', '0'],
    ['CELERY_CLOUD_STORE_TIMEOUT', '1.5'],
    ['CELERY_CLOUD_LOG_LEVEL', 'loud'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => runnerOptionsFromEnv({ [name]: value }, { backend })).toThrow(new RegExp(`^${name} `));
  });
});

describe('the Python celery-cloud settings', () => {
  it('reads LOG_LEVEL in Python logging names when CELERY_CLOUD_LOG_LEVEL is unset', () => {
    expect(logLevelFromEnv({ LOG_LEVEL: 'WARNING' })).toBe('warn');
    expect(logLevelFromEnv({ LOG_LEVEL: 'critical' })).toBe('error');
    expect(logLevelFromEnv({ LOG_LEVEL: 'DEBUG', CELERY_CLOUD_LOG_LEVEL: 'error' })).toBe('error');
    expect(() => logLevelFromEnv({ LOG_LEVEL: 'TRACE' })).toThrow(/LOG_LEVEL must be one of DEBUG/);
  });

  it('refuses LOG_FORMAT at cold start, saying what the logs are instead', () => {
    expect(() =>
      runnerOptionsFromEnv({ LOG_FORMAT: '{time} {message}' }, { backend: new MemoryResultStore() }),
    ).toThrow(/LOG_FORMAT is not supported: the runner writes one JSON object per line/);
  });

  it('reads MAX_ATTEMPTS, CB_FAIL_MAX and CB_RESET_TIMEOUT as the remote call policy', () => {
    expect(remoteCallPolicyFromEnv({})).toEqual({});
    expect(remoteCallPolicyFromEnv({ MAX_ATTEMPTS: '5', CB_FAIL_MAX: '4', CB_RESET_TIMEOUT: '60' })).toEqual({
      attempts: 5,
      breaker: { threshold: 4, coolDownMs: 60_000 },
    });
    expect(() => remoteCallPolicyFromEnv({ MAX_ATTEMPTS: '0' })).toThrow(
      /MAX_ATTEMPTS must be an integer ≥ 1/,
    );
  });

  it('refuses a task://<module>/<function> route, saying what to write instead', () => {
    const routes = { 'celery_cloud.celery.task.restar': 'task://celery_cloud.domain.restar/restar' };
    expect(() =>
      createRunner(
        runnerOptionsFromEnv({ TASKS: JSON.stringify(routes) }, { backend: new MemoryResultStore() }),
      ),
    ).toThrow(
      /names a Python function \(module\/function\).*defineTask\('<task name>', …\).*"lambda:\/\/<function>"/,
    );
  });
});

describe('resultExpiresFromEnv', () => {
  it("reads Celery's result_expires in seconds: one day unless set, null for never", () => {
    expect(resultExpiresFromEnv({})).toBe(86_400);
    expect(resultExpiresFromEnv({ CELERY_RESULT_EXPIRES: '3600' })).toBe(3600);
    expect(resultExpiresFromEnv({ CELERY_RESULT_EXPIRES: '0' })).toBeNull();
    expect(resultExpiresFromEnv({ CELERY_RESULT_EXPIRES: 'None' })).toBeNull();
    expect(() => resultExpiresFromEnv({ CELERY_RESULT_EXPIRES: '1.5' })).toThrow(/CELERY_RESULT_EXPIRES/);
  });
});
