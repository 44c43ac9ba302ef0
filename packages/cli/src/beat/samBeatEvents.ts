/**
 * `celery-cloud beat --template aws`: the EventBridge Scheduler schedules of the Lambda app's
 * beat function, as SAM `ScheduleV2` events (docs/periodic-tasks.md).
 */
import { eventBridgeScheduleExpression } from '@celery-cloud/aws';
import { type BeatSchedule, ScheduleError } from '@celery-cloud/core';

/** A YAML single-quoted scalar. */
const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The SAM logical id of an entry's event: `Beat` and the entry name's words, capitalized. */
function logicalId(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return `Beat${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
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
