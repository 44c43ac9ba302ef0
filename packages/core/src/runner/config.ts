import { type TaskQueueRoutes, queueResolver } from '../canvas/queueRoutes.js';
import type { ChordMode } from '../canvas/types.js';
import {
  DECODE_LIMIT_SETTINGS,
  type DecodeLimitName,
  type DecodeLimits,
  MAX_DECODE_DEPTH_SETTING,
} from '../codec/decodeLimits.js';
import type { DateDoneFormat } from '../codec/index.js';
import { ConfigError } from '../errors.js';
import type { Clock, ExecutorPlugin, Publisher, ResultStore } from '../ports.js';
import type { TaskRegistry } from './TaskRegistry.js';
import { LOG_LEVELS, type LogLevel, type RunnerLogger, createJsonLogger } from './logger.js';
import { parseJsonObject } from './parseJsonObject.js';
import { DEFAULT_REMOTE_CALL_POLICY, type RemoteCallPolicy } from './remoteCallPolicy.js';
/**
 * Runner options from environment variables (the table is in docs/runner.md).
 */
import { revokeModeFromEnv } from './revoke.js';
import { parseTaskMap } from './routes.js';
import type { TaskEventListener } from './taskEvents.js';
import type { Deduplicate, RunnerHooks, RunnerOptions } from './types.js';

/** What the environment cannot hold: the ports and code-level registrations. */
export interface RunnerEnvDeps {
  backend: ResultStore;
  publisher?: Publisher;
  tasks?: TaskRegistry;
  plugins?: ExecutorPlugin[];
  clock?: Clock;
  hooks?: RunnerHooks;
  onTaskEvent?: TaskEventListener;
  /** Replaces the JSON logger `CELERY_CLOUD_LOG_LEVEL` would configure. */
  logger?: RunnerLogger;
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function bool(env: Env, name: string): boolean | undefined {
  const value = text(env, name)?.toLowerCase();
  if (value === undefined) return undefined;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(env[name])}`);
}

function integer(env: Env, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new ConfigError(`${name} must be an integer ${range}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function seconds(value: number | undefined): number | undefined {
  return value === undefined ? undefined : value * 1000;
}

function limits(env: Env): Partial<DecodeLimits> | undefined {
  const out: Partial<DecodeLimits> = {};
  for (const [limit, name] of Object.entries(DECODE_LIMIT_SETTINGS) as [DecodeLimitName, string][]) {
    const max = limit === 'maxDepth' ? MAX_DECODE_DEPTH_SETTING : undefined;
    const value = integer(env, name, 1, max);
    if (value !== undefined) out[limit] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function tasks(env: Env): Record<string, unknown> | undefined {
  const value = text(env, 'TASKS');
  return value === undefined ? undefined : parseTaskMap(value);
}

function chordMode(env: Env): ChordMode | undefined {
  const value = text(env, 'CELERY_CLOUD_CHORD_MODE')?.toLowerCase();
  if (value === undefined || value === 'unlock' || value === 'counter' || value === 'auto') return value;
  throw new ConfigError(
    `CELERY_CLOUD_CHORD_MODE must be auto, unlock or counter, got ${JSON.stringify(value)}`,
  );
}

function deduplicate(env: Env): Deduplicate | undefined {
  const value = text(env, 'CELERY_CLOUD_DEDUPLICATE')?.toLowerCase();
  if (value === undefined || value === 'redeliveries' || value === 'always') return value;
  throw new ConfigError(
    `CELERY_CLOUD_DEDUPLICATE must be redeliveries or always, got ${JSON.stringify(value)}`,
  );
}

function taskRoutes(env: Env): TaskQueueRoutes | undefined {
  const value = text(env, 'CELERY_TASK_ROUTES');
  return value === undefined
    ? undefined
    : (parseJsonObject(value, 'CELERY_TASK_ROUTES', 'task names to queues') as TaskQueueRoutes);
}

/**
 * The queue a task is sent to when its message names none: Celery's `task_routes`
 * (`CELERY_TASK_ROUTES`), else `CELERY_TASK_DEFAULT_QUEUE` (or `CELERY_DEFAULT_QUEUE`), else
 * `celery`, as the runner routes the messages it publishes. Throws {@link ConfigError}.
 *
 * @example
 * ```ts
 * taskQueueFromEnv({ CELERY_TASK_ROUTES: '{"proj.reports.*": "reports"}' })('proj.reports.daily'); // 'reports'
 * ```
 */
export function taskQueueFromEnv(env: Env): (task: string) => string {
  const fallback = text(env, 'CELERY_TASK_DEFAULT_QUEUE') ?? text(env, 'CELERY_DEFAULT_QUEUE') ?? 'celery';
  return queueResolver(taskRoutes(env) ?? {}, fallback);
}

/** The Python celery-cloud's `LOG_LEVEL` names (Python logging levels) → ours. */
const PYTHON_LOG_LEVELS: Record<string, LogLevel> = {
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  error: 'error',
  critical: 'error',
};

/**
 * The log level: `CELERY_CLOUD_LOG_LEVEL` (`debug`, `info`, `warn`, `error`), else the Python
 * celery-cloud's `LOG_LEVEL` (`DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`), else `info`.
 * `LOG_FORMAT` cannot mean the same here (logs are JSON lines): it is a {@link ConfigError}.
 *
 * @example
 * ```ts
 * logLevelFromEnv({ LOG_LEVEL: 'WARNING' }); // 'warn'
 * ```
 */
export function logLevelFromEnv(env: Env): LogLevel {
  if (text(env, 'LOG_FORMAT') !== undefined)
    throw new ConfigError(
      'LOG_FORMAT is not supported: the runner writes one JSON object per line (time, level, msg, taskId, task, state); remove LOG_FORMAT',
    );
  const python = text(env, 'LOG_LEVEL')?.toLowerCase();
  if (text(env, 'CELERY_CLOUD_LOG_LEVEL') === undefined && python !== undefined) {
    const level = PYTHON_LOG_LEVELS[python];
    if (!level)
      throw new ConfigError(
        `LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got ${JSON.stringify(env.LOG_LEVEL)}`,
      );
    return level;
  }
  const value = text(env, 'CELERY_CLOUD_LOG_LEVEL')?.toLowerCase() ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(
      `CELERY_CLOUD_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as LogLevel;
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * `CELERY_CLOUD_DATE_DONE_FORMAT`: how result stores write `date_done`, `aware` (Celery 5.5+,
 * default) or `naive` (Celery ≤ 5.4). Throws {@link ConfigError} for anything else.
 *
 * @example
 * ```ts
 * createResultStore({ url, dateFormat: dateDoneFormatFromEnv(process.env) });
 * ```
 */
export function dateDoneFormatFromEnv(env: Env): DateDoneFormat {
  const value = text(env, 'CELERY_CLOUD_DATE_DONE_FORMAT') ?? 'aware';
  if (value !== 'aware' && value !== 'naive') {
    throw new ConfigError(
      `CELERY_CLOUD_DATE_DONE_FORMAT must be aware or naive, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Celery's default `result_expires`: one day. */
const DEFAULT_RESULT_EXPIRES_SECONDS = 86_400;

/**
 * Celery's `result_expires` from `CELERY_RESULT_EXPIRES`, in seconds: unset = one day (Celery's
 * default), `0`/`none`/`never` = results never expire (null). Stores turn it into their own
 * expiry (DynamoDB `ttl`, Firestore `expires_at`). Throws {@link ConfigError} otherwise.
 *
 * @example
 * ```ts
 * resultExpiresFromEnv({ CELERY_RESULT_EXPIRES: '3600' }); // 3600
 * resultExpiresFromEnv({}); // 86400
 * ```
 */
export function resultExpiresFromEnv(env: Env): number | null {
  const value = text(env, 'CELERY_RESULT_EXPIRES')?.toLowerCase();
  if (value === undefined) return DEFAULT_RESULT_EXPIRES_SECONDS;
  if (value === '0' || value === 'none' || value === 'never') return null;
  if (!/^[1-9]\d*$/.test(value)) {
    throw new ConfigError(
      `CELERY_RESULT_EXPIRES must be a number of seconds (0 or none: never), got ${JSON.stringify(value)}`,
    );
  }
  return Number(value);
}

/**
 * Defaults for remote invokers' retries and circuit breaker, from the Python celery-cloud's
 * settings: `MAX_ATTEMPTS` (attempts per call), `CB_FAIL_MAX` (failed calls that open a
 * target's circuit) and `CB_RESET_TIMEOUT` (seconds it stays open). Unset ones keep the
 * defaults; a route's `#fragment` still overrides them. Throws {@link ConfigError} naming a bad one.
 *
 * @example
 * ```ts
 * createInvoker({ policy: remoteCallPolicyFromEnv(process.env) });
 * ```
 */
export function remoteCallPolicyFromEnv(env: Env): Partial<RemoteCallPolicy> {
  const attempts = integer(env, 'MAX_ATTEMPTS', 1);
  const threshold = integer(env, 'CB_FAIL_MAX', 1);
  const resetSeconds = integer(env, 'CB_RESET_TIMEOUT', 0);
  const breaker =
    threshold === undefined && resetSeconds === undefined
      ? undefined
      : {
          threshold: threshold ?? DEFAULT_REMOTE_CALL_POLICY.breaker.threshold,
          coolDownMs:
            resetSeconds === undefined ? DEFAULT_REMOTE_CALL_POLICY.breaker.coolDownMs : resetSeconds * 1000,
        };
  return {
    ...(attempts === undefined ? {} : { attempts }),
    ...(breaker ? { breaker } : {}),
  };
}

/**
 * Read {@link RunnerOptions} from the environment; throws {@link ConfigError} naming the variable.
 * Routes are validated against the plugins when the runner is created.
 *
 * @example
 * ```ts
 * const runner = createRunner(runnerOptionsFromEnv(process.env, { backend, publisher, tasks }));
 * ```
 */
export function runnerOptionsFromEnv(env: Env, deps: RunnerEnvDeps): RunnerOptions {
  if (!deps?.backend) throw new ConfigError('runnerOptionsFromEnv needs a result backend (deps.backend)');
  const accept = text(env, 'CELERY_ACCEPT_CONTENT')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    ...defined({
      publisher: deps.publisher,
      tasks: deps.tasks,
      plugins: deps.plugins,
      clock: deps.clock,
      hooks: deps.hooks,
      onTaskEvent: deps.onTaskEvent,
      routes: tasks(env),
      trackStarted: bool(env, 'CELERY_TASK_TRACK_STARTED'),
      resultExtended: bool(env, 'CELERY_RESULT_EXTENDED'),
      concurrency: integer(env, 'CELERY_CLOUD_CONCURRENCY', 1),
      workerName: text(env, 'CELERY_WORKER_NAME'),
      timeSafetyMarginMs: integer(env, 'CELERY_CLOUD_TIME_SAFETY_MARGIN_MS', 0),
      storeTimeoutMs: seconds(integer(env, 'CELERY_CLOUD_STORE_TIMEOUT', 1)),
      maxReceiveCount: integer(env, 'CELERY_CLOUD_MAX_RECEIVE_COUNT', 1),
      defaultQueue: text(env, 'CELERY_TASK_DEFAULT_QUEUE') ?? text(env, 'CELERY_DEFAULT_QUEUE'),
      typeTags: bool(env, 'CELERY_CLOUD_RESULT_TYPE_TAGS'),
      chordMode: chordMode(env),
      taskRoutes: taskRoutes(env),
      accept,
      decodeLimits: limits(env),
      deduplicate: deduplicate(env),
      revoke: revokeModeFromEnv(text(env, 'CELERY_CLOUD_REVOKE')),
    }),
    backend: deps.backend,
    logger: deps.logger ?? createJsonLogger({ level: logLevelFromEnv(env) }),
  };
}
