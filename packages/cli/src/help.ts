/**
 * What `celery-cloud --help` and `celery-cloud <command> --help` print: each command's usage and
 * every flag it accepts, grouped by provider where the providers differ.
 */

/** A flag as help shows it: the flag with its argument, and what it means. */
export type FlagHelp = readonly [flag: string, meaning: string];

/** One command's help. */
export interface CommandHelp {
  summary: string;
  usage: readonly string[];
  /** Flag groups: a title (for example the provider) and its flags. */
  groups: ReadonlyArray<{ title: string; flags: readonly FlagHelp[] }>;
  examples: readonly string[];
}

const tasksFlags: readonly FlagHelp[] = [
  [
    '--tasks <module>',
    'a .ts/.js module whose exported defineTask results and TaskRegistry instances run in process',
  ],
  ['--tasks-file <file>', 'a JSON file holding the TASKS route map (default: env TASKS)'],
];
const outputFlags: readonly FlagHelp[] = [
  ['--json', 'print the Celery client settings as one JSON line on stdout; progress goes to stderr'],
  [
    '--config-out <file>',
    'once ready, write the Celery client settings (the --json line) to this file, atomically',
  ],
  ['--ui', 'serve a live view of every task on 127.0.0.1 and print its URL'],
  ['--ui-port <n>', 'the live view port (default: a free port)'],
  ['--demo', 'send example tasks once ready, print their round trips, then stop'],
  ['--keep-running', 'with --demo: keep running after the demo'],
  ['--summary-interval <s>', 'seconds between two summary lines (default 10; 0 = only the last one)'],
  ['--chord-mode <mode>', 'auto, unlock or counter: how chords complete (default auto)'],
];
const awsPollerFlags: readonly FlagHelp[] = [
  ['--batch-size <n>', 'messages per handler call, as the event source mapping BatchSize (default 10)'],
  ['--batching-window <ms>', 'gather a batch this long, as MaximumBatchingWindowInSeconds (default 0)'],
  ['--visibility-timeout <s>', 'the visibility timeout of received messages (default 30)'],
  ['--region <name>', 'the AWS region (default AWS_REGION or us-east-1)'],
];

/** Help of every command, by name. */
export const HELP: Readonly<Record<string, CommandHelp>> = {
  decode: {
    summary: 'Decode one Celery message from stdin and print the normalized task as JSON.',
    usage: ['celery-cloud decode --transport sqs|azure-queue|pubsub < payload'],
    groups: [
      {
        title: 'Flags',
        flags: [
          [
            '--transport <name>',
            'sqs (a Lambda record body), azure-queue (the queue message text) or pubsub',
          ],
        ],
      },
    ],
    examples: ['celery-cloud decode --transport sqs < message.txt'],
  },
  dev: {
    summary:
      'Run a cloud on this machine: emulators, the function app handler, and the Celery client settings.',
    usage: ['celery-cloud dev --provider aws|azure|gcp [flags]'],
    groups: [
      {
        title: 'All providers',
        flags: [['--provider <name>', 'aws, azure or gcp (required)'], ...tasksFlags],
      },
      { title: 'Output', flags: outputFlags },
      {
        title: '--provider aws',
        flags: [
          [
            '--functions <module>',
            'a module whose exports are Lambda handlers, served by the local Invoke API',
          ],
          ['--queue <name>', 'the SQS queue; its dead-letter queue is <name>-dlq (default celery)'],
          ['--table <name>', 'the DynamoDB results table (default celery)'],
          ['--port <n>', 'SQS on n, DynamoDB on n+1, Lambda on n+2 (default: free ports)'],
          ['--sqs-endpoint <url>', 'use a running SQS instead of starting the emulator'],
          ['--dynamodb-endpoint <url>', 'use a running DynamoDB instead of starting the emulator'],
          ['--lambda-endpoint <url>', 'use a running Lambda Invoke API instead of starting one'],
          [
            '--max-receive-count <n>',
            'deliveries before a message moves to the dead-letter queue (default 3)',
          ],
          ...awsPollerFlags,
        ],
      },
      {
        title: '--provider azure',
        flags: [
          [
            '--queue <name>',
            'the Storage Queue, lowercase; its poison queue is <name>-poison (default celery)',
          ],
          ['--container <name>', 'the results blob container (default celery)'],
          ['--batch-size <n>', 'messages run at once, as host.json batchSize (default 16, at most 32)'],
          ['--port <n>', "Azurite's Blob on n, Queue on n+1, Table on n+2 (default: free ports)"],
        ],
      },
      {
        title: '--provider gcp',
        flags: [
          ['--queue <name>', 'the Celery queue: subscription kombu-<name> (default celery)'],
          ['--batch-size <n>', 'messages in flight at once (default 10)'],
          ['--port <n>', 'Firestore on n to n+2, Pub/Sub on n+3 (default: free ports)'],
        ],
      },
    ],
    examples: [
      'celery-cloud dev --provider aws --tasks examples/tasks.ts --demo',
      'celery-cloud dev --provider azure --tasks examples/tasks.ts --json',
    ],
  },
  worker: {
    summary: 'Poll a real queue and run its tasks in this process, for containers and long tasks.',
    usage: ['celery-cloud worker --provider aws|azure|gcp [flags]'],
    groups: [
      {
        title: 'All providers',
        flags: [
          ['--provider <name>', 'aws, azure or gcp (required)'],
          ...tasksFlags,
          [
            '--backend <url>',
            'dynamodb://, azureblockblob:// or firestore:// (default: env CELERY_RESULT_BACKEND)',
          ],
          ['--concurrency <n>', 'tasks in flight at most (default 10)'],
          ['--time-limit <s>', 'hard limit of tasks whose message has none (default: none)'],
          [
            '--visibility-timeout <s>',
            'the lease of a received message, renewed while its task runs (default 60)',
          ],
          [
            '--wait-time <s>',
            'AWS: the long-poll wait; Azure: the idle back-off cap; GCP: one pull per this while idle (default 20)',
          ],
          ['--health-port <n>', 'answer liveness on this port (default: none)'],
          ['--health-host <ip>', 'the liveness address (default 127.0.0.1)'],
          ['--summary-interval <s>', 'seconds between two summary lines (default 60; 0 = only the last one)'],
          ['--ui', 'serve a live view of every task on 127.0.0.1 and print its URL'],
          ['--ui-port <n>', 'the live view port (default: a free port)'],
        ],
      },
      {
        title: '--provider aws',
        flags: [
          ['--queue-url <url>', 'the SQS queue URL (default: env CELERY_CLOUD_QUEUE_URL)'],
          ['--region <name>', 'the AWS region (default AWS_REGION or us-east-1)'],
        ],
      },
      {
        title: '--provider azure',
        flags: [
          ['--queue <name>', 'the Storage Queue (default: env CELERY_TASK_DEFAULT_QUEUE or celery)'],
          ['--max-dequeue-count <n>', 'deliveries before a message moves to <queue>-poison (default 5)'],
        ],
      },
      {
        title: '--provider gcp',
        flags: [
          ['--queue <name>', 'the Celery queue the subscription serves (default celery)'],
          ['--subscription <name>', 'the pull subscription (default kombu-<queue>-pull)'],
        ],
      },
    ],
    examples: [
      "celery-cloud worker --provider aws --queue-url https://sqs.eu-west-1.amazonaws.com/123456789012/celery --backend 'dynamodb://@eu-west-1/celery' --tasks dist/tasks.js",
      'celery-cloud worker --provider azure --queue celery --tasks dist/tasks.js --health-port 8080',
    ],
  },
};

/**
 * The text `celery-cloud <command> --help` prints.
 *
 * @example
 * ```ts
 * process.stdout.write(renderHelp('dev', HELP.dev!));
 * ```
 */
export function renderHelp(name: string, help: CommandHelp): string {
  const width = Math.max(...help.groups.flatMap((g) => g.flags.map(([flag]) => flag.length)));
  const lines = [`celery-cloud ${name}: ${help.summary}`, '', 'Usage:', ...help.usage.map((u) => `  ${u}`)];
  for (const group of help.groups) {
    lines.push(
      '',
      `${group.title}:`,
      ...group.flags.map(([flag, meaning]) => `  ${flag.padEnd(width)}  ${meaning}`),
    );
  }
  lines.push('', 'Examples:', ...help.examples.map((e) => `  ${e}`), '');
  return lines.join('\n');
}

/**
 * The text `celery-cloud --help` prints: the commands and where to read more.
 *
 * @example
 * ```ts
 * process.stdout.write(renderOverview('0.1.0'));
 * ```
 */
export function renderOverview(version: string): string {
  const width = Math.max(...Object.keys(HELP).map((n) => n.length));
  return [
    `celery-cloud ${version}: Celery workers without servers.`,
    '',
    'Usage:',
    '  celery-cloud <command> [flags]',
    '  celery-cloud <command> --help',
    '',
    'Commands:',
    ...Object.entries(HELP).map(([name, help]) => `  ${name.padEnd(width)}  ${help.summary}`),
    '',
    'Flags:',
    '  --help     print this help',
    '  --version  print the version',
    '',
  ].join('\n');
}
