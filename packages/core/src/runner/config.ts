/**
 * Runner options from environment variables (the table is in docs/runner.md).
 */
import type { TaskQueueRoutes } from '../canvas/queueRoutes.js';
import type { ChordMode } from '../canvas/types.js';
import type { DateDoneFormat } from '../codec/index.js';
import { ConfigError } from '../errors.js';
import type { Clock, ExecutorPlugin, Publisher, ResultBackend } from '../ports.js';
import type { TaskRegistry } from './TaskRegistry.js';
import { LOG_LEVELS, type LogLevel, type RunnerLogger, createJsonLogger } from './logger.js';
import { parseJsonObject } from './parseJsonObject.js';
import { parseTaskMap } from './routes.js';
import type { RunnerHooks, RunnerOptions } from './types.js';

/** What the environment cannot hold: the ports and code-level registrations. */
export interface RunnerEnvDeps {
  backend: ResultBackend;
  publisher?: Publisher;
  tasks?: TaskRegistry;
  plugins?: ExecutorPlugin[];
  clock?: Clock;
  hooks?: RunnerHooks;
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

function integer(env: Env, name: string, min: number): number | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min) {
    throw new ConfigError(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  }
  return parsed;
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

function taskRoutes(env: Env): TaskQueueRoutes | undefined {
  const value = text(env, 'CELERY_TASK_ROUTES');
  return value === undefined
    ? undefined
    : (parseJsonObject(value, 'CELERY_TASK_ROUTES', 'task names to queues') as TaskQueueRoutes);
}

function logLevel(env: Env): LogLevel {
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
      routes: tasks(env),
      trackStarted: bool(env, 'CELERY_TASK_TRACK_STARTED'),
      resultExtended: bool(env, 'CELERY_RESULT_EXTENDED'),
      concurrency: integer(env, 'CELERY_CLOUD_CONCURRENCY', 1),
      workerName: text(env, 'CELERY_WORKER_NAME'),
      timeSafetyMarginMs: integer(env, 'CELERY_CLOUD_TIME_SAFETY_MARGIN_MS', 0),
      maxReceiveCount: integer(env, 'CELERY_CLOUD_MAX_RECEIVE_COUNT', 1),
      defaultQueue: text(env, 'CELERY_TASK_DEFAULT_QUEUE') ?? text(env, 'CELERY_DEFAULT_QUEUE'),
      typeTags: bool(env, 'CELERY_CLOUD_RESULT_TYPE_TAGS'),
      chordMode: chordMode(env),
      taskRoutes: taskRoutes(env),
      accept,
    }),
    backend: deps.backend,
    logger: deps.logger ?? createJsonLogger({ level: logLevel(env) }),
  };
}
