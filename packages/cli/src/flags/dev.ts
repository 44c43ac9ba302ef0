/** The flags of `celery-cloud dev`: its parser and its `--help`. */
import { ConfigError } from '@celery-cloud/core';
import {
  url,
  type Env,
  type Flag,
  type OptionsOf,
  type Provider,
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
  {
    name: 'tasks',
    key: 'tasks',
    ...optional('<module>'),
    meaning: 'a .ts/.js module whose exported defineTask results and TaskRegistry instances run in process',
  },
  {
    name: 'tasks-file',
    key: 'tasksFile',
    ...optional('<file>'),
    default: 'env TASKS',
    meaning: 'a JSON file holding the TASKS route map',
  },
] as const;

/** `--ui` and `--ui-port <n>` (which implies `--ui`), which `dev` and `worker` share. */
export const UI_FLAGS = [
  {
    name: 'ui',
    key: 'ui',
    meaning: 'serve a live view of every task on 127.0.0.1 and print its URL',
    read: (value: string | undefined, { values }: { values: Record<string, unknown> }) =>
      value !== undefined || values['ui-port'] !== undefined,
  },
  {
    name: 'ui-port',
    key: 'uiPort',
    ...integer('<n>', 0, 65_535, 0),
    default: 'a free port',
    meaning: 'the live view port, implies --ui',
  },
] as const;

/** SQS queue names: at most 80 letters, digits, - and _; 76 leaves room for the -dlq suffix. */
function sqsQueue(name: string | undefined): string {
  const queue = name ?? 'celery';
  if (!/^[A-Za-z0-9_-]{1,76}$/.test(queue)) {
    throw new ConfigError(
      `--queue must be an SQS queue name (letters, digits, - and _), got ${JSON.stringify(queue)}`,
    );
  }
  return queue;
}

/** Azure queue names: 3-63 lowercase letters, digits and single hyphens. */
function azureQueue(name: string | undefined): string {
  const queue = name ?? 'celery';
  if (!/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,56}$/.test(queue)) {
    throw new ConfigError(
      `--queue must be an Azure queue name (lowercase letters, digits, -), got ${JSON.stringify(queue)}`,
    );
  }
  return queue;
}

/** Every flag of `dev`, in the order help lists them. */
export const DEV_FLAGS = [
  provider,
  ...TASKS_FLAGS,
  {
    name: 'json',
    key: 'json',
    ...on,
    meaning: 'print the Celery client settings as one JSON line on stdout; progress goes to stderr',
  },
  {
    name: 'config-out',
    key: 'configOut',
    ...optional('<file>'),
    meaning: 'once ready, write the Celery client settings (the --json line) to this file, atomically',
  },
  ...UI_FLAGS,
  {
    name: 'demo',
    key: 'demo',
    ...on,
    meaning: 'send example tasks once ready, print their round trips, then stop',
  },
  { name: 'keep-running', key: 'keepRunning', ...on, meaning: 'with --demo: keep running after the demo' },
  {
    name: 'summary-interval',
    key: 'summaryIntervalSeconds',
    ...integer('<s>', 0, 86_400, 10),
    meaning: 'seconds between two summary lines; 0 = only the last one',
  },
  {
    name: 'chord-mode',
    key: 'chordMode',
    ...oneOf('<mode>', ['auto', 'unlock', 'counter'], 'auto'),
    meaning: 'auto, unlock or counter: how chords complete',
  },
  {
    name: 'functions',
    key: 'functions',
    providers: ['aws'],
    ...optional('<module>'),
    meaning: 'a module whose exports are Lambda handlers, served by the local Invoke API',
  },
  {
    name: 'queue',
    key: 'queue',
    providers: ['aws'],
    arg: '<name>',
    default: 'celery',
    read: sqsQueue,
    meaning: 'the SQS queue; its dead-letter queue is <name>-dlq',
  },
  {
    name: 'table',
    key: 'table',
    providers: ['aws'],
    ...text('<name>', 'celery'),
    meaning: 'the DynamoDB results table',
  },
  {
    name: 'port',
    key: 'port',
    providers: ['aws'],
    ...optionalInteger('<n>', 1, 65_533),
    default: 'free ports',
    meaning: 'SQS on n, DynamoDB on n+1, Lambda on n+2',
  },
  {
    name: 'sqs-endpoint',
    key: 'sqsEndpoint',
    providers: ['aws'],
    ...url,
    meaning: 'use a running SQS instead of starting the emulator',
  },
  {
    name: 'dynamodb-endpoint',
    key: 'dynamodbEndpoint',
    providers: ['aws'],
    ...url,
    meaning: 'use a running DynamoDB instead of starting the emulator',
  },
  {
    name: 'lambda-endpoint',
    key: 'lambdaEndpoint',
    providers: ['aws'],
    ...url,
    meaning: 'use a running Lambda Invoke API instead of starting one',
  },
  {
    name: 'max-receive-count',
    key: 'maxReceiveCount',
    providers: ['aws'],
    // Celery's default max_retries (3) deliveries before the dead-letter queue, unless exported.
    ...integer('<n>', 1, 1000, 3, 'CELERY_CLOUD_MAX_RECEIVE_COUNT'),
    meaning: 'deliveries before a message moves to the dead-letter queue',
  },
  // Defaults are the Lambda SQS event source mapping's: batch 10, no batching window.
  {
    name: 'batch-size',
    key: 'batchSize',
    providers: ['aws'],
    ...integer('<n>', 1, 10_000, 10),
    meaning: 'messages per handler call, as the event source mapping BatchSize',
  },
  {
    name: 'batching-window',
    key: 'batchingWindowMs',
    providers: ['aws'],
    ...integer('<ms>', 0, 300_000, 0),
    meaning: 'gather a batch this long, as MaximumBatchingWindowInSeconds',
  },
  {
    name: 'visibility-timeout',
    key: 'visibilityTimeoutSeconds',
    providers: ['aws'],
    ...integer('<s>', 1, 43_200, 30),
    meaning: 'the visibility timeout of received messages',
  },
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
    arg: '<name>',
    default: 'celery',
    read: azureQueue,
    meaning: 'the Storage Queue, lowercase; its poison queue is <name>-poison',
  },
  {
    name: 'container',
    key: 'container',
    providers: ['azure'],
    ...text('<name>', 'celery'),
    meaning: 'the results blob container',
  },
  {
    name: 'batch-size',
    key: 'batchSize',
    providers: ['azure'],
    ...integer('<n>', 1, 32, 16),
    meaning: 'messages run at once, as host.json batchSize, at most 32',
  },
  {
    name: 'port',
    key: 'port',
    providers: ['azure'],
    ...optionalInteger('<n>', 1, 65_532),
    default: 'free ports',
    meaning: "Azurite's Blob on n, Queue on n+1, Table on n+2",
  },
  {
    name: 'queue',
    key: 'queue',
    providers: ['gcp'],
    ...text('<name>', 'celery'),
    meaning: 'the Celery queue: subscription kombu-<name>',
  },
  {
    name: 'batch-size',
    key: 'batchSize',
    providers: ['gcp'],
    ...integer('<n>', 1, 1000, 10),
    meaning: 'messages in flight at once',
  },
  {
    name: 'port',
    key: 'port',
    providers: ['gcp'],
    ...optionalInteger('<n>', 1, 65_532),
    default: 'free ports',
    meaning: 'Firestore on n to n+2, Pub/Sub on n+3',
  },
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
