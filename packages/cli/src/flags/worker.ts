/** The flags of `celery-cloud worker`: its parser and its `--help`. */
import { ConfigError } from '@celery-cloud/core';
import { TASKS_FLAGS, UI_FLAGS } from './dev.js';
import {
  type Env,
  type Flag,
  type OptionsOf,
  type ReadContext,
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

/** Every flag of `worker`, in the order help lists them; every provider accepts each. */
export const WORKER_FLAGS = [
  provider,
  ...TASKS_FLAGS,
  {
    name: 'queue-url',
    key: 'queueUrl',
    providers: ['aws'],
    arg: '<url>',
    default: 'env CELERY_CLOUD_QUEUE_URL',
    meaning: 'the SQS queue URL',
    read: (value: string | undefined, { env, values }: ReadContext): string | null => {
      if (values.provider !== 'aws') return null;
      const url = value ?? env.CELERY_CLOUD_QUEUE_URL;
      if (url === undefined || url === '') {
        throw new ConfigError('--queue-url <url> (or env CELERY_CLOUD_QUEUE_URL) is required');
      }
      return httpUrl('--queue-url', url);
    },
  },
  {
    name: 'backend',
    key: 'backend',
    arg: '<url>',
    default: 'env CELERY_RESULT_BACKEND',
    meaning: 'dynamodb://, azureblockblob:// or firestore://',
    read: (value: string | undefined, { values }: ReadContext): string | null => {
      const scheme = BACKEND_SCHEMES[String(values.provider)]!;
      if (value !== undefined && !value.startsWith(scheme)) {
        throw new ConfigError(`--backend must be a ${scheme} URL, got ${JSON.stringify(value)}`);
      }
      return value ?? null;
    },
  },
  {
    name: 'concurrency',
    key: 'concurrency',
    ...integer('<n>', 1, 1000, 10),
    meaning: 'tasks in flight at most',
  },
  {
    name: 'time-limit',
    key: 'timeLimitSeconds',
    ...optionalInteger('<s>', 1, 31_536_000),
    default: 'none',
    meaning: 'hard limit of tasks whose message has none',
  },
  {
    name: 'visibility-timeout',
    key: 'visibilityTimeoutSeconds',
    ...integer('<s>', 2, 600, 60),
    meaning: 'the lease of a received message, renewed while its task runs',
  },
  {
    name: 'wait-time',
    key: 'waitTimeSeconds',
    ...integer('<s>', 0, 20, 20),
    meaning: 'AWS: the long-poll wait; Azure: the idle back-off cap; GCP: one pull per this while idle',
  },
  {
    name: 'health-port',
    key: 'healthPort',
    ...optionalInteger('<n>', 0, 65_535),
    default: 'none',
    meaning: 'answer liveness on this port',
  },
  {
    name: 'health-host',
    key: 'healthHost',
    ...text('<ip>', '127.0.0.1'),
    meaning: 'the liveness address',
  },
  {
    name: 'summary-interval',
    key: 'summaryIntervalSeconds',
    ...integer('<s>', 0, 86_400, 60),
    meaning: 'seconds between two summary lines; 0 = only the last one',
  },
  ...UI_FLAGS,
  {
    name: 'region',
    key: 'region',
    providers: ['aws'],
    ...text('<name>', 'us-east-1', 'AWS_REGION', 'AWS_DEFAULT_REGION'),
    meaning: 'the AWS region',
  },
  {
    name: 'queue',
    key: 'queue',
    providers: ['azure'],
    ...text('<name>', 'celery', 'CELERY_TASK_DEFAULT_QUEUE'),
    meaning: 'the Storage Queue',
  },
  {
    name: 'max-dequeue-count',
    key: 'maxDequeueCount',
    providers: ['azure'],
    ...integer('<n>', 1, 1000, 5),
    meaning: 'deliveries before a message moves to <queue>-poison',
  },
  {
    name: 'queue',
    key: 'queue',
    providers: ['gcp'],
    ...text('<name>', 'celery', 'CELERY_TASK_DEFAULT_QUEUE'),
    meaning: 'the Celery queue the subscription serves',
  },
  {
    name: 'subscription',
    key: 'subscription',
    providers: ['gcp'],
    ...optional('<name>'),
    default: 'kombu-<queue>',
    meaning: 'the pull subscription',
  },
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
