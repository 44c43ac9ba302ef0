/**
 * What the canvas needs from the runner.
 */
import type { Clock, Publisher, ResultStore } from '../ports.js';
import type { RunnerLogger } from '../runner/logger.js';

/**
 * How chords complete (docs/protocol.md §7.11). `unlock`: the client (Celery ≤5.3 on DynamoDB, Azure Blob) sends
 * a `celery.chord_unlock` task that polls the header. `counter`: the client (Celery 5.4+ on
 * DynamoDB, 5.5+ on GCS/Firestore) saves the group and every header completion counts. `auto`
 * (the default): both, told apart per chord: a header part counts when the client saved the
 * group record, and a `celery.chord_unlock` task is run when one is sent; chords the runner
 * applies itself use the counter.
 */
export type ChordMode = 'unlock' | 'counter' | 'auto';

/**
 * The ports and settings canvas code works with.
 *
 * @example
 * ```ts
 * const deps: CanvasDeps = { backend, publisher, clock: systemClock, queueFor: () => 'celery', chordMode: 'unlock', logger };
 * ```
 */
export interface CanvasDeps {
  backend: ResultStore;
  publisher: Publisher | undefined;
  clock: Clock;
  /** The queue Celery's `task_routes` gives a task name. */
  queueFor(task: string): string;
  chordMode: ChordMode;
  logger: RunnerLogger;
}
