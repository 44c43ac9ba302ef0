/**
 * What `celery-cloud --help` and `celery-cloud <command> --help` print: each command's usage and
 * every flag it accepts, grouped by provider where the providers differ.
 */

import { BEAT_FLAGS } from './flags/beat.js';
import { DECODE_FLAGS } from './flags/decode.js';
import { DEV_FLAGS } from './flags/dev.js';
import { type HelpGroup, helpGroups } from './flags/table.js';
import { WORKER_FLAGS } from './flags/worker.js';

/** One command's help; its flag groups come from the command's flag table. */
export interface CommandHelp {
  summary: string;
  usage: readonly string[];
  groups: readonly HelpGroup[];
  examples: readonly string[];
}

/** Help of every command, by name. */
export const HELP: Readonly<Record<string, CommandHelp>> = {
  beat: {
    summary: "Print the cloud schedules that run a beat schedule (Celery's beat_schedule as JSON).",
    usage: ['celery-cloud beat --template aws|azure|gcp --schedule <file>'],
    groups: helpGroups(BEAT_FLAGS),
    examples: [
      'celery-cloud beat --template aws --schedule apps/aws-lambda/beat.json',
      'celery-cloud beat --template gcp --schedule apps/gcp-functions/beat.json',
    ],
  },
  decode: {
    summary: 'Decode one Celery message from stdin and print the normalized task as JSON.',
    usage: ['celery-cloud decode --transport sqs|azure-queue|pubsub < payload'],
    groups: helpGroups(DECODE_FLAGS),
    examples: ['celery-cloud decode --transport sqs < message.txt'],
  },
  dev: {
    summary:
      'Run a cloud on this machine: emulators, the function app handler, and the Celery client settings.',
    usage: ['celery-cloud dev --provider aws|azure|gcp [flags]'],
    groups: helpGroups(DEV_FLAGS),
    examples: [
      'celery-cloud dev --provider aws --tasks examples/tasks.ts --demo',
      'celery-cloud dev --provider azure --tasks examples/tasks.ts --json',
    ],
  },
  worker: {
    summary: 'Poll a real queue and run its tasks in this process, for containers and long tasks.',
    usage: ['celery-cloud worker --provider aws|azure|gcp [flags]'],
    groups: helpGroups(WORKER_FLAGS),
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
