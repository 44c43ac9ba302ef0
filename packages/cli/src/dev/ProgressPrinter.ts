/** One task run as the progress printer shows it. */
export interface TaskProgress {
  taskId: string;
  taskName: string | null;
  /** The Celery state the run ended in: SUCCESS, FAILURE, RETRY, REVOKED, ... */
  state: string;
  durationMs: number;
}

/** Counters of the periodic summary line. */
export interface ProgressCounts {
  received: number;
  succeeded: number;
  failed: number;
  retried: number;
  /** Messages handed back to the queue (they reappear after the visibility timeout). */
  redelivered: number;
  /** Messages moved to the dead-letter queue after too many deliveries. */
  deadLettered: number;
  inFlight: number;
}

/** Where the lines go: a stream (stdout, or stderr in `--json` mode). */
export interface LineSink {
  write(text: string): unknown;
}

/**
 * Prints one line per task outcome and, every `summaryIntervalMs`, a summary of the counters.
 *
 * @example
 * ```ts
 * const progress = new ProgressPrinter(process.stderr, { summaryIntervalMs: 10_000 });
 * progress.received(1);
 * progress.taskFinished({ taskId: 'abc', taskName: 'tasks.add', state: 'SUCCESS', durationMs: 4 });
 * progress.settled(1, []);
 * progress.stop();
 * ```
 */
export class ProgressPrinter {
  readonly #sink: LineSink;
  readonly #timer: NodeJS.Timeout | null;
  #received = 0;
  #settled = 0;
  #succeeded = 0;
  #failed = 0;
  #retried = 0;
  #redelivered = 0;
  #deadLettered = 0;

  constructor(sink: LineSink, options: { summaryIntervalMs: number }) {
    this.#sink = sink;
    this.#timer =
      options.summaryIntervalMs > 0
        ? setInterval(() => this.#printSummary(), options.summaryIntervalMs)
        : null;
    this.#timer?.unref();
  }

  /** A batch of `count` messages was handed to the handler. */
  received(count: number): void {
    this.#received += count;
  }

  /** The runner finished one task run. */
  taskFinished(task: TaskProgress): void {
    if (task.state === 'SUCCESS') this.#succeeded += 1;
    else if (task.state === 'FAILURE') this.#failed += 1;
    else if (task.state === 'RETRY') this.#retried += 1;
    const name = task.taskName ?? '?';
    this.#sink.write(`task ${task.taskId} ${name} ${task.state} ${Math.round(task.durationMs)} ms\n`);
  }

  /** The handler answered for `count` messages; those in `redelivered` were left to reappear. */
  settled(count: number, redelivered: readonly string[]): void {
    this.#settled += count;
    this.#redelivered += redelivered.length;
  }

  /** `count` messages went to the dead-letter queue instead of the handler. */
  deadLettered(count: number): void {
    this.#deadLettered += count;
    if (count > 0) this.#sink.write(`${count} message(s) moved to the dead-letter queue\n`);
  }

  /** Print a line that is not a task outcome (a warning of the handler, a state change). */
  note(text: string): void {
    this.#sink.write(`${text}\n`);
  }

  /** The counters now. */
  counts(): ProgressCounts {
    return {
      received: this.#received,
      succeeded: this.#succeeded,
      failed: this.#failed,
      retried: this.#retried,
      redelivered: this.#redelivered,
      deadLettered: this.#deadLettered,
      inFlight: this.#received - this.#settled,
    };
  }

  /** Stop the periodic summary and print a last one. */
  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#printSummary();
  }

  #printSummary(): void {
    const c = this.counts();
    this.#sink.write(
      `summary: received ${c.received}, succeeded ${c.succeeded}, failed ${c.failed}, retried ${c.retried}, ` +
        `redelivered ${c.redelivered}, dead-lettered ${c.deadLettered}, in flight ${c.inFlight}\n`,
    );
  }
}
