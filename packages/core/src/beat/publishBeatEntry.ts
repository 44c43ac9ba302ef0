/**
 * Sending one run of an entry: the task message `celery beat` sends (`apply_async` with the
 * entry's args, kwargs and options), under a fresh task id, through the canvas's publishing.
 */
import { randomUUID } from 'node:crypto';
import { publishTask } from '../canvas/applySignature.js';
import type { CanvasDeps } from '../canvas/types.js';
import type { Publisher } from '../ports.js';
import type { BeatEntry } from './parseSchedule.js';

/**
 * What publishing needs: the queue publisher, the clock (`countdown`/`expires` count from now)
 * and the queue of a task without an `options.queue` (Celery's `task_routes`, else the default).
 *
 * @example
 * ```ts
 * const deps: BeatDeps = { publisher, clock: systemClock, queueFor: () => 'celery' };
 * ```
 */
export type BeatDeps = Pick<CanvasDeps, 'clock' | 'queueFor'> & { publisher: Publisher };

/**
 * Publish one run of `entry` as a protocol-2 task message with a fresh task id; returns the id.
 * `task_id` in `options` is refused when the schedule is read; other options are applied as
 * `apply_async` applies them.
 *
 * @example
 * ```ts
 * const taskId = await publishBeatEntry({ publisher, clock: systemClock, queueFor: () => 'celery' }, entry);
 * ```
 */
export async function publishBeatEntry(deps: BeatDeps, entry: BeatEntry): Promise<string> {
  const id = randomUUID();
  await publishTask(
    deps,
    {
      task: entry.task,
      args: entry.args,
      kwargs: entry.kwargs,
      options: { ...entry.options, task_id: id },
      subtask_type: null,
      immutable: true,
    },
    { parentId: null, rootId: null, fallbackId: id },
  );
  return id;
}
