/**
 * What `celery-cloud beat --template` prints for each cloud: the schedules that run a beat
 * schedule's entries, in each deployment's own format (docs/periodic-tasks.md).
 */
import { eventBridgeScheduleExpression } from '@celery-cloud/aws';
import { ncrontabSchedule } from '@celery-cloud/azure';
import { type BeatSchedule, ScheduleError, beatResourceName } from '@celery-cloud/core';
import { cloudSchedulerCron } from '@celery-cloud/gcp';
import type { Provider } from '../flags/table.js';

/** A YAML single-quoted scalar. */
const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The SAM logical id of an entry's event: `Beat` and the entry name's words, capitalized. */
function logicalId(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return `Beat${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`;
}

/**
 * The `Events` of apps/aws-lambda/template.yaml's BeatFunction, indented to sit under its
 * `Events:` key: one EventBridge Scheduler schedule (`ScheduleV2`) per entry, in UTC, whose input
 * names the entry. Throws `ScheduleError` for two entries of the same logical id.
 *
 * @example
 * ```ts
 * process.stdout.write(samBeatEvents(parseBeatSchedule(json)));
 * ```
 */
export function samBeatEvents(schedule: BeatSchedule): string {
  const seen = new Map<string, string>();
  const lines = [
    '        # Written by `celery-cloud beat --template aws --schedule beat.json` from beat.json: edit',
    '        # beat.json and run it again (docs/periodic-tasks.md).',
  ];
  for (const entry of schedule) {
    const id = logicalId(entry.name);
    const other = seen.get(id);
    if (other !== undefined)
      throw new ScheduleError(
        entry.name,
        null,
        `has the same SAM logical id ${id} as entry ${JSON.stringify(other)}: rename one`,
      );
    seen.set(id, entry.name);
    lines.push(
      `        ${id}:`,
      '          Type: ScheduleV2',
      '          Properties:',
      `            Description: ${quoted(`celery beat entry ${entry.name}: ${entry.task}`)}`,
      `            ScheduleExpression: ${quoted(eventBridgeScheduleExpression(entry))}`,
      '            ScheduleExpressionTimezone: UTC',
      `            Input: ${quoted(JSON.stringify({ entry: entry.name }))}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The Function App's timers: one line per entry, the function name and its NCRONTAB schedule,
 * tab-separated (the app registers them itself from its beat.json).
 *
 * @example
 * ```ts
 * azureBeatTimers(schedule); // 'beat-add-every-minute\t0 *\/1 * * * *\n...'
 * ```
 */
export function azureBeatTimers(schedule: BeatSchedule): string {
  return schedule.map((entry) => `${beatResourceName(entry.name)}\t${ncrontabSchedule(entry)}\n`).join('');
}

/**
 * The Cloud Scheduler jobs apps/gcp-functions/deploy.sh creates: one line per entry, the job id,
 * its cron schedule (UTC) and the request body naming the entry, tab-separated.
 *
 * @example
 * ```ts
 * cloudSchedulerJobs(schedule); // 'beat-add-every-minute\t*\/1 * * * *\t{"entry":"add-every-minute"}\n...'
 * ```
 */
export function cloudSchedulerJobs(schedule: BeatSchedule): string {
  return schedule
    .map(
      (entry) =>
        `${beatResourceName(entry.name)}\t${cloudSchedulerCron(entry)}\t${JSON.stringify({ entry: entry.name })}\n`,
    )
    .join('');
}

/** Each cloud's template printer. */
export const BEAT_TEMPLATES: Readonly<Record<Provider, (schedule: BeatSchedule) => string>> = {
  aws: samBeatEvents,
  azure: azureBeatTimers,
  gcp: cloudSchedulerJobs,
};
