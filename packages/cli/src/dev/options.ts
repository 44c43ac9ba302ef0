import { parseArgs } from 'node:util';
import { ConfigError } from '@celery-cloud/core';

/** Flags shared by `dev` and `worker`: where tasks come from and how the queue is polled. */
export interface PollerOptions {
  /** A module whose exports are tasks (a `TaskRegistry` or `defineTask` results). */
  tasks: string | null;
  /** A JSON file holding the `TASKS` route map; env `TASKS` is used when absent. */
  tasksFile: string | null;
  batchSize: number;
  batchingWindowMs: number;
  visibilityTimeoutSeconds: number;
  /** Seconds between two summary lines; 0 turns the summary off. */
  summaryIntervalSeconds: number;
  region: string;
  /** `--ui`: serve the live view; `--ui-port` (0 = a free port). */
  ui: boolean;
  uiPort: number;
}

/** Options of `celery-cloud dev --provider aws`. */
export interface DevOptions extends PollerOptions {
  queue: string;
  table: string;
  /** First port of the local servers (SQS, DynamoDB, Lambda use port, port+1, port+2); null = free ports. */
  port: number | null;
  json: boolean;
  /** A file the client configuration is written to, atomically, once the stack is ready. */
  configOut: string | null;
  /** A module whose exports are Lambda handlers served by the local Invoke API. */
  functions: string | null;
  /** Existing endpoints to use instead of starting the matching local server. */
  sqsEndpoint: string | null;
  dynamodbEndpoint: string | null;
  lambdaEndpoint: string | null;
  /** Deliveries before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
  demo: boolean;
  keepRunning: boolean;
  /** `--chord-mode`: sets the handler's `CELERY_CLOUD_CHORD_MODE`; null = the runner's default (`auto`). */
  chordMode: ChordModeFlag | null;
}

/** The chord modes `--chord-mode` accepts (docs/canvas.md). */
export type ChordModeFlag = 'auto' | 'unlock' | 'counter';

/** Options of `celery-cloud worker`, for every provider. */
export interface WorkerOptions {
  provider: 'aws' | 'azure' | 'gcp';
  tasks: string | null;
  tasksFile: string | null;
  /** Tasks in flight at most. */
  concurrency: number;
  /** Hard limit for tasks whose message has none; null = only the message's own. */
  timeLimitSeconds: number | null;
  /** Lease of a received message (SQS visibility, Azure visibility, Pub/Sub ack deadline), renewed while its task runs. */
  visibilityTimeoutSeconds: number;
  /** AWS: long-poll wait of one receive (0-20 s). */
  waitTimeSeconds: number;
  /** Port of the liveness endpoint; null = none. */
  healthPort: number | null;
  healthHost: string;
  summaryIntervalSeconds: number;
  region: string;
  /** AWS: the SQS queue URL. */
  queueUrl: string | null;
  /** A result backend URL; null leaves env `CELERY_RESULT_BACKEND` in charge. */
  backend: string | null;
  /** Azure: the Storage queue; GCP: the Celery queue (routing key) the subscription serves. */
  queue: string;
  /** GCP: the pull subscription (default `kombu-<queue>-pull`). */
  subscription: string | null;
  /** Azure: deliveries before a message moves to `<queue>-poison` (the host's `maxDequeueCount`). */
  maxDequeueCount: number;
  /** `--ui`: serve the live view; `--ui-port` (0 = a free port). */
  ui: boolean;
  uiPort: number;
}

const BACKEND_SCHEMES = { aws: 'dynamodb://', azure: 'azureblockblob://', gcp: 'firestore://' } as const;

/**
 * Parse the arguments of `celery-cloud worker`. Throws {@link ConfigError} on a bad flag.
 *
 * @example
 * ```ts
 * const options = parseWorkerOptions(['--provider', 'aws', '--queue-url', url, '--tasks', 'dist/tasks.js'], process.env);
 * ```
 */
export function parseWorkerOptions(argv: string[], env: Record<string, string | undefined>): WorkerOptions {
  const { values } = parseFlags(argv, {
    provider: { type: 'string' },
    tasks: { type: 'string' },
    'tasks-file': { type: 'string' },
    concurrency: { type: 'string' },
    'time-limit': { type: 'string' },
    'visibility-timeout': { type: 'string' },
    'wait-time': { type: 'string' },
    'health-port': { type: 'string' },
    'health-host': { type: 'string' },
    'summary-interval': { type: 'string' },
    region: { type: 'string' },
    'queue-url': { type: 'string' },
    backend: { type: 'string' },
    queue: { type: 'string' },
    subscription: { type: 'string' },
    'max-dequeue-count': { type: 'string' },
    ui: { type: 'boolean' },
    'ui-port': { type: 'string' },
  });
  const provider = values.provider;
  if (provider !== 'aws' && provider !== 'azure' && provider !== 'gcp') {
    throw new ConfigError('--provider aws, azure or gcp is required');
  }
  let queueUrl: string | null = null;
  if (provider === 'aws') {
    const url = values['queue-url'] ?? env.CELERY_CLOUD_QUEUE_URL;
    if (url === undefined || url === '') {
      throw new ConfigError('--queue-url <url> (or env CELERY_CLOUD_QUEUE_URL) is required');
    }
    queueUrl = endpoint('--queue-url', url);
  }
  const backend = values.backend ?? null;
  const scheme = BACKEND_SCHEMES[provider];
  if (backend !== null && !backend.startsWith(scheme)) {
    throw new ConfigError(`--backend must be a ${scheme} URL, got ${JSON.stringify(backend)}`);
  }
  const timeLimit = values['time-limit'];
  const healthPort = values['health-port'];
  return {
    provider,
    tasks: values.tasks ?? null,
    tasksFile: values['tasks-file'] ?? null,
    concurrency: integer('--concurrency', values.concurrency ?? '10', 1, 1000),
    timeLimitSeconds: timeLimit === undefined ? null : integer('--time-limit', timeLimit, 1, 31_536_000),
    visibilityTimeoutSeconds: integer('--visibility-timeout', values['visibility-timeout'] ?? '60', 2, 600),
    waitTimeSeconds: integer('--wait-time', values['wait-time'] ?? '20', 0, 20),
    healthPort: healthPort === undefined ? null : integer('--health-port', healthPort, 0, 65_535),
    healthHost: values['health-host'] ?? '127.0.0.1',
    summaryIntervalSeconds: integer('--summary-interval', values['summary-interval'] ?? '60', 0, 86_400),
    region: values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    queueUrl,
    backend,
    queue: values.queue ?? env.CELERY_TASK_DEFAULT_QUEUE ?? 'celery',
    subscription: values.subscription ?? null,
    maxDequeueCount: integer('--max-dequeue-count', values['max-dequeue-count'] ?? '5', 1, 1000),
    ...uiOptions(values),
  };
}

const pollerFlags = {
  provider: { type: 'string' },
  tasks: { type: 'string' },
  'tasks-file': { type: 'string' },
  'batch-size': { type: 'string' },
  'batching-window': { type: 'string' },
  'visibility-timeout': { type: 'string' },
  'summary-interval': { type: 'string' },
  region: { type: 'string' },
  ui: { type: 'boolean' },
  'ui-port': { type: 'string' },
} as const;

/**
 * Parse the arguments of `celery-cloud dev`. Throws {@link ConfigError} on a bad flag.
 *
 * @example
 * ```ts
 * const options = parseDevOptions(['--provider', 'aws', '--tasks', 'examples/tasks.ts', '--demo'], process.env);
 * ```
 */
export function parseDevOptions(argv: string[], env: Record<string, string | undefined>): DevOptions {
  const { values } = parseFlags(argv, {
    ...pollerFlags,
    queue: { type: 'string' },
    table: { type: 'string' },
    port: { type: 'string' },
    json: { type: 'boolean' },
    'config-out': { type: 'string' },
    functions: { type: 'string' },
    'sqs-endpoint': { type: 'string' },
    'dynamodb-endpoint': { type: 'string' },
    'lambda-endpoint': { type: 'string' },
    'max-receive-count': { type: 'string' },
    demo: { type: 'boolean' },
    'keep-running': { type: 'boolean' },
    'chord-mode': { type: 'string' },
  });
  requireAwsProvider(values.provider);
  return {
    ...pollerOptions(values, env),
    queue: queueName(values.queue ?? 'celery'),
    table: values.table ?? 'celery',
    port: values.port === undefined ? null : integer('--port', values.port, 1, 65_533),
    json: values.json ?? false,
    configOut: values['config-out'] ?? null,
    functions: values.functions ?? null,
    sqsEndpoint: endpoint('--sqs-endpoint', values['sqs-endpoint']),
    dynamodbEndpoint: endpoint('--dynamodb-endpoint', values['dynamodb-endpoint']),
    lambdaEndpoint: endpoint('--lambda-endpoint', values['lambda-endpoint']),
    // Celery's default max_retries (3) deliveries before the dead-letter queue, unless exported.
    maxReceiveCount: integer(
      '--max-receive-count',
      values['max-receive-count'] ?? env.CELERY_CLOUD_MAX_RECEIVE_COUNT ?? '3',
      1,
      1000,
    ),
    demo: values.demo ?? false,
    keepRunning: values['keep-running'] ?? false,
    chordMode: chordModeFlag(values['chord-mode']),
  };
}

type FlagSpec = Record<string, { type: 'string' | 'boolean' }>;

/** The values `parseArgs` gives for a flag table: strings, or booleans for boolean flags. */
type FlagValues<T extends FlagSpec> = { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };

/**
 * `parseArgs` in strict mode with errors every command words alike: a {@link ConfigError} that
 * names an unknown flag and points to `--help`.
 *
 * @example
 * ```ts
 * const { values } = parseFlags(['--transport', 'sqs'], { transport: { type: 'string' } });
 * ```
 */
export function parseFlags<T extends FlagSpec>(argv: string[], options: T): { values: FlagValues<T> } {
  try {
    const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
    return { values: values as FlagValues<T> };
  } catch (error) {
    // Node's own message goes on about positional arguments; name the flag and where help is.
    const unknown = /^Unknown option '([^']+)'/.exec((error as Error).message);
    const reason = unknown ? `unknown flag ${unknown[1]}` : (error as Error).message;
    throw new ConfigError(`${reason} (see --help)`);
  }
}

function requireAwsProvider(provider: string | undefined): void {
  if (provider !== 'aws') {
    throw new ConfigError('--provider aws, azure or gcp is required');
  }
}

/**
 * The `--provider` named in `argv` (`--provider x` or `--provider=x`), or null.
 *
 * @example
 * ```ts
 * providerOf(['--provider', 'azure', '--demo']); // 'azure'
 * ```
 */
export function providerOf(argv: readonly string[]): string | null {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--provider') return argv[i + 1] ?? null;
    if (arg.startsWith('--provider=')) return arg.slice('--provider='.length);
  }
  return null;
}

/** Options of `celery-cloud dev --provider gcp`. */
export type GcpDevOptions = Omit<AzureDevOptions, 'container'>;

/**
 * Parse the arguments of `celery-cloud dev --provider gcp`. Throws {@link ConfigError} on a bad flag.
 *
 * @example
 * ```ts
 * const options = parseGcpDevOptions(['--provider', 'gcp', '--tasks', 'examples/tasks.ts']);
 * ```
 */
export function parseGcpDevOptions(argv: string[]): GcpDevOptions {
  const { values } = parseFlags(argv, {
    provider: { type: 'string' },
    tasks: { type: 'string' },
    'tasks-file': { type: 'string' },
    queue: { type: 'string' },
    'batch-size': { type: 'string' },
    'summary-interval': { type: 'string' },
    json: { type: 'boolean' },
    'config-out': { type: 'string' },
    demo: { type: 'boolean' },
    'keep-running': { type: 'boolean' },
    ui: { type: 'boolean' },
    'ui-port': { type: 'string' },
    'chord-mode': { type: 'string' },
    port: { type: 'string' },
  });
  return {
    ...uiOptions(values),
    tasks: values.tasks ?? null,
    tasksFile: values['tasks-file'] ?? null,
    queue: values.queue ?? 'celery',
    batchSize: integer('--batch-size', values['batch-size'] ?? '10', 1, 1000),
    summaryIntervalSeconds: integer('--summary-interval', values['summary-interval'] ?? '10', 0, 86_400),
    json: values.json ?? false,
    configOut: values['config-out'] ?? null,
    demo: values.demo ?? false,
    keepRunning: values['keep-running'] ?? false,
    chordMode: chordModeFlag(values['chord-mode']),
    port: values.port === undefined ? null : integer('--port', values.port, 1, 65_532),
  };
}

/** Options of `celery-cloud dev --provider azure`. */
export interface AzureDevOptions {
  tasks: string | null;
  tasksFile: string | null;
  queue: string;
  container: string;
  /** Messages run at once (host.json `batchSize`). */
  batchSize: number;
  summaryIntervalSeconds: number;
  json: boolean;
  /** A file the client configuration is written to, atomically, once the stack is ready. */
  configOut: string | null;
  demo: boolean;
  keepRunning: boolean;
  ui: boolean;
  uiPort: number;
  chordMode: ChordModeFlag | null;
  /** First port of the emulators (Azure: Blob n, Queue n+1, Table n+2; Google Cloud: Firestore n-n+2, Pub/Sub n+3); null = free ports. */
  port: number | null;
}

/**
 * Parse the arguments of `celery-cloud dev --provider azure`. Throws {@link ConfigError} on a bad flag.
 *
 * @example
 * ```ts
 * const options = parseAzureDevOptions(['--provider', 'azure', '--tasks', 'examples/tasks.ts']);
 * ```
 */
export function parseAzureDevOptions(argv: string[]): AzureDevOptions {
  const { values } = parseFlags(argv, {
    provider: { type: 'string' },
    tasks: { type: 'string' },
    'tasks-file': { type: 'string' },
    queue: { type: 'string' },
    container: { type: 'string' },
    'batch-size': { type: 'string' },
    'summary-interval': { type: 'string' },
    json: { type: 'boolean' },
    'config-out': { type: 'string' },
    demo: { type: 'boolean' },
    'keep-running': { type: 'boolean' },
    ui: { type: 'boolean' },
    'ui-port': { type: 'string' },
    'chord-mode': { type: 'string' },
    port: { type: 'string' },
  });
  const queue = values.queue ?? 'celery';
  // Azure queue names: 3-63 lowercase letters, digits and single hyphens.
  if (!/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,56}$/.test(queue)) {
    throw new ConfigError(
      `--queue must be an Azure queue name (lowercase letters, digits, -), got ${JSON.stringify(queue)}`,
    );
  }
  return {
    tasks: values.tasks ?? null,
    tasksFile: values['tasks-file'] ?? null,
    queue,
    ...uiOptions(values),
    container: values.container ?? 'celery',
    batchSize: integer('--batch-size', values['batch-size'] ?? '16', 1, 32),
    summaryIntervalSeconds: integer('--summary-interval', values['summary-interval'] ?? '10', 0, 86_400),
    json: values.json ?? false,
    configOut: values['config-out'] ?? null,
    demo: values.demo ?? false,
    keepRunning: values['keep-running'] ?? false,
    chordMode: chordModeFlag(values['chord-mode']),
    port: values.port === undefined ? null : integer('--port', values.port, 1, 65_532),
  };
}

function pollerOptions(
  values: Partial<Record<keyof typeof pollerFlags, string | boolean>>,
  env: Record<string, string | undefined>,
): PollerOptions {
  const flag = (name: keyof typeof pollerFlags) => values[name] as string | undefined;
  return {
    tasks: flag('tasks') ?? null,
    tasksFile: flag('tasks-file') ?? null,
    // Defaults are the Lambda SQS event source mapping's: batch 10, no batching window.
    batchSize: integer('--batch-size', flag('batch-size') ?? '10', 1, 10_000),
    batchingWindowMs: integer('--batching-window', flag('batching-window') ?? '0', 0, 300_000),
    visibilityTimeoutSeconds: integer('--visibility-timeout', flag('visibility-timeout') ?? '30', 1, 43_200),
    summaryIntervalSeconds: integer('--summary-interval', flag('summary-interval') ?? '10', 0, 86_400),
    region: flag('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...uiOptions(values),
  };
}

/** `--ui` and `--ui-port <n>` (which implies `--ui`); shared by every provider's `dev` and `worker`. */
export function uiOptions(values: { ui?: string | boolean; 'ui-port'?: string | boolean }): {
  ui: boolean;
  uiPort: number;
} {
  const port = values['ui-port'];
  return {
    ui: values.ui === true || typeof port === 'string',
    uiPort: typeof port === 'string' ? integer('--ui-port', port, 0, 65_535) : 0,
  };
}

function chordModeFlag(text: string | undefined): ChordModeFlag | null {
  if (text === undefined) return null;
  if (text === 'auto' || text === 'unlock' || text === 'counter') return text;
  throw new ConfigError(`--chord-mode must be auto, unlock or counter, got ${JSON.stringify(text)}`);
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

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

function endpoint(flag: string, text: string | undefined): string | null {
  if (text === undefined) return null;
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return text.replace(/\/$/, '');
  } catch {
    // reported below
  }
  throw new ConfigError(`${flag} must be an http(s) URL, got ${JSON.stringify(text)}`);
}

// SQS queue names have at most 80 letters, digits, '-' and '_'; 76 leaves room for the '-dlq'
// suffix of the dead-letter queue. FIFO queues are not part of the local stack.
function queueName(name: string): string {
  if (!/^[A-Za-z0-9_-]{1,76}$/.test(name)) {
    throw new ConfigError(
      `--queue must be an SQS queue name (letters, digits, - and _), got ${JSON.stringify(name)}`,
    );
  }
  return name;
}
