/** The flags of `celery-cloud worker`: its parser and its `--help`. */
import { ConfigError } from '@celery-cloud/core';
import { BEAT_FLAG, REGION_FLAG, TASKS_FLAGS, UI_FLAGS } from './dev.js';
import {
  type Env,
  type Flag,
  type OptionsOf,
  flag,
  httpUrl,
  integer,
  optional,
  optionalInteger,
  provider,
  readFlags,
  text,
} from './table.js';

const BACKEND_SCHEMES: Record<string, string> = {
  aws: 'dynamodb://',
  azure: 'azureblockblob://',
  gcp: 'firestore://',
};

const CONCURRENCY = integer('<n>', 1, 1000, 10);

/** A raw flag value as text: undefined when absent (`--concurrency` takes an argument). */
const textOf = (raw: string | boolean | undefined) => (typeof raw === 'string' ? raw : undefined);

/** Every flag of `worker`, in the order help lists them; every provider accepts each. */
export const WORKER_FLAGS = [
  provider,
  ...TASKS_FLAGS,
  flag(
    'backend',
    'backend',
    {
      arg: '<url>',
      default: 'env CELERY_RESULT_BACKEND',
      read: (value, { values }): string | null => {
        const scheme = BACKEND_SCHEMES[String(values.provider)];
        if (scheme === undefined)
          throw new ConfigError(`--provider ${String(values.provider)} has no backend`);
        if (value !== undefined && !value.startsWith(scheme)) {
          throw new ConfigError(`--backend must be a ${scheme} URL, got ${JSON.stringify(value)}`);
        }
        return value ?? null;
      },
    },
    'dynamodb://, azureblockblob:// or firestore://',
  ),
  flag('concurrency', 'concurrency', CONCURRENCY, 'tasks running at once at most'),
  flag(
    'prefetch',
    'prefetch',
    {
      ...optionalInteger('<n>', 0, 1000),
      default: 'the concurrency',
      read: (value, context): number =>
        optionalInteger('<n>', 0, 1000).read(value, context) ??
        CONCURRENCY.read(textOf(context.values.concurrency), { ...context, flag: '--concurrency' }),
    },
    'messages received ahead of a free slot, their leases renewed while they wait',
  ),
  flag(
    'time-limit',
    'timeLimitSeconds',
    { ...optionalInteger('<s>', 1, 31_536_000), default: 'none' },
    'hard limit of tasks whose message has none',
  ),
  flag(
    'visibility-timeout',
    'visibilityTimeoutSeconds',
    integer('<s>', 2, 600, 60),
    'the lease of a received message, renewed while its task runs',
  ),
  flag(
    'wait-time',
    'waitTimeSeconds',
    integer('<s>', 0, 20, 20),
    'AWS: the long-poll wait; Azure: the idle back-off cap; GCP: one pull per this while idle',
  ),
  flag(
    'health-port',
    'healthPort',
    { ...optionalInteger('<n>', 0, 65_535), default: 'none' },
    'answer liveness on this port',
  ),
  flag('health-host', 'healthHost', text('<ip>', '127.0.0.1'), 'the liveness address'),
  flag(
    'summary-interval',
    'summaryIntervalSeconds',
    integer('<s>', 0, 86_400, 60),
    'seconds between two summary lines; 0 = only the last one',
  ),
  ...UI_FLAGS,
  BEAT_FLAG,
  flag(
    'queue-url',
    'queueUrl',
    {
      arg: '<url>',
      default: 'env CELERY_CLOUD_QUEUE_URL',
      read: (value, { env, values }): string | null => {
        if (values.provider !== 'aws') return null;
        const url = value ?? env.CELERY_CLOUD_QUEUE_URL;
        if (url === undefined || url === '') {
          throw new ConfigError('--queue-url <url> (or env CELERY_CLOUD_QUEUE_URL) is required');
        }
        return httpUrl('--queue-url', url);
      },
    },
    'the SQS queue URL',
    ['aws'],
  ),
  REGION_FLAG,
  flag('queue', 'queue', text('<name>', 'celery', 'CELERY_TASK_DEFAULT_QUEUE'), 'the Storage Queue', [
    'azure',
  ]),
  flag(
    'max-dequeue-count',
    'maxDequeueCount',
    integer('<n>', 1, 1000, 5),
    'deliveries before a message moves to <queue>-poison',
    ['azure'],
  ),
  flag(
    'queue',
    'queue',
    text('<name>', 'celery', 'CELERY_TASK_DEFAULT_QUEUE'),
    'the Celery queue the subscription serves',
    ['gcp'],
  ),
  flag(
    'subscription',
    'subscription',
    { ...optional('<name>'), default: 'kombu-<queue>' },
    'the pull subscription',
    ['gcp'],
  ),
] as const satisfies readonly Flag[];

/** Options of `celery-cloud worker`, for every provider. */
export type WorkerOptions = OptionsOf<typeof WORKER_FLAGS>;

/**
 * Parse the arguments of `celery-cloud worker`. Throws {@link ConfigError} on a bad flag.
 *
 * @example
 * ```ts
 * const options = parseWorkerOptions(['--provider', 'aws', '--queue-url', url, '--tasks', 'dist/tasks.js'], process.env);
 * ```
 */
export function parseWorkerOptions(argv: string[], env: Env): WorkerOptions {
  return readFlags(WORKER_FLAGS, argv, env, null) as WorkerOptions;
}
