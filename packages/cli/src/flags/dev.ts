/** The flags of `celery-cloud dev`: its parser and its `--help`. */
import { ConfigError } from '@celery-cloud/core';
import {
  url,
  type Env,
  type Flag,
  type OptionsOf,
  type Provider,
  flag,
  integer,
  on,
  oneOf,
  optional,
  optionalInteger,
  provider,
  providerOf,
  readFlags,
  text,
} from './table.js';

/** `--tasks` and `--tasks-file`, which `dev` and `worker` share. */
export const TASKS_FLAGS = [
  flag(
    'tasks',
    'tasks',
    optional('<module>'),
    'a .ts/.js module whose exported defineTask results and TaskRegistry instances run in process',
  ),
  flag(
    'tasks-file',
    'tasksFile',
    { ...optional('<file>'), default: 'env TASKS' },
    'a JSON file holding the TASKS route map',
  ),
] as const;

/** `--ui` and `--ui-port <n>` (which implies `--ui`), which `dev` and `worker` share. */
export const UI_FLAGS = [
  flag(
    'ui',
    'ui',
    { read: (value, { values }) => value !== undefined || values['ui-port'] !== undefined },
    'serve a live view of every task on 127.0.0.1 and print its URL',
  ),
  flag(
    'ui-port',
    'uiPort',
    { ...integer('<n>', 0, 65_535, 0), default: 'a free port' },
    'the live view port, implies --ui',
  ),
] as const;

/** `--beat <file>`, which `dev` and `worker` share. */
export const BEAT_FLAG = flag(
  'beat',
  'beat',
  optional('<file>'),
  "run this beat schedule (Celery's beat_schedule as JSON) in the process: send each entry to the queue when due",
);

/** `--region`, which `dev` and `worker` take for AWS. */
export const REGION_FLAG = flag(
  'region',
  'region',
  text('<name>', 'us-east-1', 'AWS_REGION', 'AWS_DEFAULT_REGION'),
  'the AWS region',
  ['aws'],
);

/** SQS queue names: at most 80 letters, digits, - and _; 76 leaves room for the -dlq suffix. */
function sqsQueue(queue = 'celery'): string {
  if (!/^[A-Za-z0-9_-]{1,76}$/.test(queue)) {
    throw new ConfigError(
      `--queue must be an SQS queue name (letters, digits, - and _), got ${JSON.stringify(queue)}`,
    );
  }
  return queue;
}

/** Azure queue names: 3-63 lowercase letters, digits and single hyphens. */
function azureQueue(queue = 'celery'): string {
  if (!/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,56}$/.test(queue)) {
    throw new ConfigError(
      `--queue must be an Azure queue name (lowercase letters, digits, -), got ${JSON.stringify(queue)}`,
    );
  }
  return queue;
}

const free = (type: ReturnType<typeof optionalInteger>) => ({ ...type, default: 'free ports' });
const named = (read: (name: string | undefined) => string) => ({ arg: '<name>', default: 'celery', read });

/** Every flag of `dev`, in the order help lists them. */
export const DEV_FLAGS = [
  provider,
  ...TASKS_FLAGS,
  flag(
    'json',
    'json',
    on,
    'print the Celery client settings as one JSON line on stdout; progress goes to stderr',
  ),
  flag(
    'config-out',
    'configOut',
    optional('<file>'),
    'once ready, write the Celery client settings (the --json line) to this file, atomically',
  ),
  ...UI_FLAGS,
  BEAT_FLAG,
  flag('demo', 'demo', on, 'send example tasks once ready, print their round trips, then stop'),
  flag('keep-running', 'keepRunning', on, 'with --demo: keep running after the demo'),
  flag(
    'summary-interval',
    'summaryIntervalSeconds',
    integer('<s>', 0, 86_400, 10),
    'seconds between two summary lines; 0 = only the last one',
  ),
  flag(
    'chord-mode',
    'chordMode',
    oneOf('<mode>', ['auto', 'unlock', 'counter'], 'auto'),
    'auto, unlock or counter: how chords complete',
  ),
  flag(
    'functions',
    'functions',
    optional('<module>'),
    'a module whose exports are Lambda handlers, served by the local Invoke API',
    ['aws'],
  ),
  flag('queue', 'queue', named(sqsQueue), 'the SQS queue; its dead-letter queue is <name>-dlq', ['aws']),
  flag('table', 'table', text('<name>', 'celery'), 'the DynamoDB results table', ['aws']),
  flag('port', 'port', free(optionalInteger('<n>', 1, 65_533)), 'SQS on n, DynamoDB on n+1, Lambda on n+2', [
    'aws',
  ]),
  flag('sqs-endpoint', 'sqsEndpoint', url, 'use a running SQS instead of starting the emulator', ['aws']),
  flag(
    'dynamodb-endpoint',
    'dynamodbEndpoint',
    url,
    'use a running DynamoDB instead of starting the emulator',
    ['aws'],
  ),
  flag('lambda-endpoint', 'lambdaEndpoint', url, 'use a running Lambda Invoke API instead of starting one', [
    'aws',
  ]),
  flag(
    'max-receive-count',
    'maxReceiveCount',
    // Celery's default max_retries (3) deliveries before the dead-letter queue, unless exported.
    integer('<n>', 1, 1000, 3, 'CELERY_CLOUD_MAX_RECEIVE_COUNT'),
    'deliveries before a message moves to the dead-letter queue',
    ['aws'],
  ),
  // Defaults are the Lambda SQS event source mapping's: batch 10, no batching window.
  flag(
    'batch-size',
    'batchSize',
    integer('<n>', 1, 10_000, 10),
    'messages per handler call, as the event source mapping BatchSize',
    ['aws'],
  ),
  flag(
    'batching-window',
    'batchingWindowMs',
    integer('<ms>', 0, 300_000, 0),
    'gather a batch this long, as MaximumBatchingWindowInSeconds',
    ['aws'],
  ),
  flag(
    'visibility-timeout',
    'visibilityTimeoutSeconds',
    integer('<s>', 1, 43_200, 30),
    'the visibility timeout of received messages',
    ['aws'],
  ),
  REGION_FLAG,
  flag(
    'queue',
    'queue',
    named(azureQueue),
    'the Storage Queue, lowercase; its poison queue is <name>-poison',
    ['azure'],
  ),
  flag('container', 'container', text('<name>', 'celery'), 'the results blob container', ['azure']),
  flag(
    'batch-size',
    'batchSize',
    integer('<n>', 1, 32, 16),
    'messages run at once, as host.json batchSize, at most 32',
    ['azure'],
  ),
  flag(
    'port',
    'port',
    free(optionalInteger('<n>', 1, 65_532)),
    "Azurite's Blob on n, Queue on n+1, Table on n+2",
    ['azure'],
  ),
  flag('queue', 'queue', text('<name>', 'celery'), 'the Celery queue: subscription kombu-<name>', ['gcp']),
  flag('batch-size', 'batchSize', integer('<n>', 1, 1000, 10), 'messages in flight at once', ['gcp']),
  flag('port', 'port', free(optionalInteger('<n>', 1, 65_532)), 'Firestore on n to n+2, Pub/Sub on n+3', [
    'gcp',
  ]),
] as const satisfies readonly Flag[];

/** The options of `dev --provider P`. */
export type DevOptions<P extends Provider = Provider> = Omit<OptionsOf<typeof DEV_FLAGS, P>, 'provider'>;

/** The chord modes `--chord-mode` accepts (docs/canvas.md). */
export type ChordModeFlag = NonNullable<DevOptions['chordMode']>;

/**
 * Parse the arguments of `celery-cloud dev` with the flags of the provider they name. Throws
 * {@link ConfigError} on a bad flag.
 *
 * @example
 * ```ts
 * const { provider, options } = parseDevOptions(['--provider', 'aws', '--tasks', 'examples/tasks.ts'], process.env);
 * ```
 */
export function parseDevOptions(
  argv: string[],
  env: Env,
):
  | { provider: 'aws'; options: DevOptions<'aws'> }
  | { provider: 'azure'; options: DevOptions<'azure'> }
  | { provider: 'gcp'; options: DevOptions<'gcp'> } {
  const { provider, ...options } = readFlags(DEV_FLAGS, argv, env, providerOf(argv));
  return { provider, options } as never;
}

/**
 * The handler environment entry `--chord-mode` sets, if any.
 *
 * @example
 * ```ts
 * const env = { ...stack.env, ...chordModeEnv(options) }; // { CELERY_CLOUD_CHORD_MODE: 'counter' } with --chord-mode counter
 * ```
 */
export function chordModeEnv(options: { chordMode: ChordModeFlag | null }): Record<string, string> {
  return options.chordMode === null ? {} : { CELERY_CLOUD_CHORD_MODE: options.chordMode };
}
