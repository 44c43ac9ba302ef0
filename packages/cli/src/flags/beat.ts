/** The flags of `celery-cloud beat`: its parser and its `--help`. */
import { ConfigError } from '@celery-cloud/core';
import { PROVIDERS, type Provider, flag } from './table.js';

export const BEAT_FLAGS = [
  flag(
    'template',
    'template',
    {
      arg: '<cloud>',
      read: (value): Provider => {
        if (!(PROVIDERS as readonly string[]).includes(value ?? ''))
          throw new ConfigError(`--template must be aws, azure or gcp, got ${JSON.stringify(value ?? null)}`);
        return value as Provider;
      },
    },
    'aws (the Events of the BeatFunction in template.yaml), azure (the timers) or gcp (the Cloud Scheduler jobs)',
  ),
  flag(
    'schedule',
    'schedule',
    {
      arg: '<file>',
      read: (value): string => {
        if (value === undefined) throw new ConfigError('--schedule <file> is required');
        return value;
      },
    },
    "the schedule: a JSON file in Celery's beat_schedule shape",
  ),
] as const;
