import { beatHandlerFromEnv } from '@celery-cloud/aws';
import { parseBeatSchedule } from '@celery-cloud/core';
import schedule from '../beat.json' with { type: 'json' };

/**
 * The beat entry point (`beat.beat`): each EventBridge Scheduler schedule of template.yaml invokes
 * it with `{"entry": "<name>"}`, and it sends that entry of beat.json to the queue, as `celery beat`
 * would. Regenerate the template's schedules after editing beat.json (docs/periodic-tasks.md).
 */
export const beat = beatHandlerFromEnv(process.env, { schedule: parseBeatSchedule(schedule) });
