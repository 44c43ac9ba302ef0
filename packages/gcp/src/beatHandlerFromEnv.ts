import { type BeatSchedule, ScheduleError, beatSenderFromEnv } from '@celery-cloud/core';
import { publisherFromEnv } from './runnerFromEnv.js';

/**
 * The parts of functions-framework's (Express's) request the beat function reads.
 *
 * @example
 * ```ts
 * const request: BeatRequest = { body: { entry: 'add-every-minute' } };
 * ```
 */
export interface BeatRequest {
  body?: unknown;
}

/**
 * The parts of functions-framework's (Express's) response the beat function writes.
 *
 * @example
 * ```ts
 * const response: BeatResponse = { status: (code) => ({ json: (body) => console.log(code, body) }) };
 * ```
 */
export interface BeatResponse {
  status(code: number): { json(body: unknown): unknown };
}

/**
 * The HTTP function a Cloud Scheduler job calls with the body `{"entry": "<name>"}`: it publishes
 * that entry's task message (protocol 2, a fresh task id) to topic `CELERY_CLOUD_PUBSUB_TOPIC`,
 * routed by `CELERY_TASK_ROUTES`, and answers 200 `{entry, taskId}`; 400 for a body naming no
 * entry of the schedule (`ScheduleError`), 500 when publishing fails, so the job's retry
 * settings apply. Each failure is logged.
 *
 * @example
 * ```ts
 * http('beat', beatHandlerFromEnv(process.env, { schedule: parseBeatSchedule(json) }));
 * ```
 */
export function beatHandlerFromEnv(
  env: Record<string, string | undefined>,
  options: { schedule: BeatSchedule },
): (req: BeatRequest, res: BeatResponse) => Promise<void> {
  const send = beatSenderFromEnv(env, { schedule: options.schedule, publisher: publisherFromEnv(env) });
  return async (req, res) => {
    const entry = (req.body as { entry?: unknown } | undefined)?.entry as string;
    try {
      res.status(200).json({ entry, taskId: await send(entry) });
    } catch (error) {
      res.status(error instanceof ScheduleError ? 400 : 500).json({ error: (error as Error).message });
    }
  };
}
