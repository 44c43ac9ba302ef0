/**
 * A beat in a long-running process (`celery-cloud dev|worker --beat`): wakes at each due time,
 * publishes the runs due since its last look, logs each, and keeps going when a publish fails.
 */
import { systemClock } from '../ports.js';
import { type BeatSenderOptions, createBeatSender } from './beatSender.js';
import { type DueRun, dueEntries, nextDueTime } from './dueEntries.js';

/** Options of {@link createBeat} and {@link startBeat}: interval entries count from the clock's time at creation. */
export type BeatOptions = BeatSenderOptions;

/**
 * One run published: the entry's name, its task, the time it was due and its task id.
 *
 * @example
 * ```ts
 * const runs: PublishedRun[] = await beat.tick(); // [{ entry: 'add-every-10s', task: 'tasks.add', dueAt, taskId }]
 * ```
 */
export interface PublishedRun {
  entry: string;
  task: string;
  dueAt: Date;
  taskId: string;
}

/**
 * A beat driven by hand: each `tick()` publishes the runs due since the previous one (or since
 * creation), each entry once at most, and resolves to what it published.
 *
 * @example
 * ```ts
 * const beat = createBeat({ schedule, publisher, logger, clock });
 * clock.advance(60_000);
 * const published = await beat.tick();
 * ```
 */
export interface BeatTicker {
  tick(): Promise<PublishedRun[]>;
  /** When the next run is due, or null when none ever is. */
  next(): Date | null;
}

/**
 * A running beat: stop it to clear its timer and wait for a tick in progress.
 *
 * @example
 * ```ts
 * const beat: Beat = startBeat({ schedule, publisher, logger });
 * process.once('SIGTERM', () => void beat.stop());
 * ```
 */
export interface Beat {
  stop(): Promise<void>;
}

/**
 * A beat that publishes when told to ({@link BeatTicker}); {@link startBeat} drives one with a timer.
 *
 * @example
 * ```ts
 * const beat = createBeat({ schedule: parseBeatSchedule(json), publisher, logger: createJsonLogger() });
 * await beat.tick();
 * ```
 */
export function createBeat(options: BeatOptions): BeatTicker {
  const clock = options.clock ?? systemClock;
  const send = createBeatSender({ ...options, clock });
  const anchor = clock.now();
  let last = anchor;
  return {
    async tick() {
      const now = clock.now();
      // Runs missed while nothing could be sent (a suspended machine, a slow tick) are sent
      // once, at the latest, as celery beat does: not one message per missed interval.
      const latest = new Map<string, DueRun>();
      for (const run of dueEntries(options.schedule, { after: last, until: now, anchor }))
        latest.set(run.entry.name, run);
      const order = (run: DueRun) => options.schedule.indexOf(run.entry);
      const runs = [...latest.values()].sort(
        (a, b) => a.at.getTime() - b.at.getTime() || order(a) - order(b),
      );
      last = now;
      const published: PublishedRun[] = [];
      for (const { entry, at } of runs) {
        // A run that cannot be sent is logged by the sender; the next runs still go out.
        const taskId = await send(entry.name, at).catch(() => null);
        if (taskId) published.push({ entry: entry.name, task: entry.task, dueAt: at, taskId });
      }
      return published;
    },
    next: () => nextDueTime(options.schedule, last, anchor),
  };
}

/** The longest sleep: the clock is read again at least this often. */
const MAX_SLEEP_MS = 60_000;

/**
 * Start a beat: sleep until the next run is due, publish what is due, repeat, until stopped.
 * `onPublished` hears of every run sent.
 *
 * @example
 * ```ts
 * const beat = startBeat({ schedule, publisher, logger, queueFor: () => 'celery' });
 * await beat.stop();
 * ```
 */
export function startBeat(options: BeatOptions & { onPublished?: (run: PublishedRun) => void }): Beat {
  const beat = createBeat(options);
  const clock = options.clock ?? systemClock;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();
  let stopped = false;
  const sleep = () => {
    if (stopped) return;
    const next = beat.next();
    const wait = next === null ? MAX_SLEEP_MS : next.getTime() - clock.now().getTime();
    timer = setTimeout(wake, Math.min(Math.max(0, wait), MAX_SLEEP_MS));
  };
  const wake = () => {
    ticking = beat.tick().then((runs) => {
      for (const run of runs) options.onPublished?.(run);
      sleep();
    });
  };
  sleep();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await ticking;
    },
  };
}
