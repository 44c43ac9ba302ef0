/** What happened to one delivered message, as the runner's record of it says. */
export interface MessageSettled {
  messageId: string;
  taskId: string | null;
  taskName: string | null;
  /** `ack`: the message was deleted; `redeliver`: left on the queue to come again. */
  action: 'ack' | 'redeliver';
  /** The Celery state stored for an acknowledged message (null when nothing was stored). */
  state: string | null;
  /** Why: the redelivery reason, or what lies behind a stored state (`no route`, `expired`). */
  reason: string | null;
  durationMs: number;
  /** An acknowledged message whose task had already finished (a duplicate delivery). */
  duplicate: boolean;
  /** An acknowledged message whose eta was not reached: republished to come back then. */
  deferredUntil: string | null;
  /** When a retry runs again. */
  retryEta: string | null;
}

/** The summary's buckets: every received message is counted in exactly one. */
export interface ProgressCounts {
  received: number;
  succeeded: number;
  failed: number;
  retried: number;
  revoked: number;
  /** Not due yet (eta): republished to come back when due. */
  deferred: number;
  /** Acknowledged with nothing run: duplicates of finished tasks, messages with no task. */
  skipped: number;
  /** Left on the queue to reappear after the visibility timeout. */
  redelivered: number;
  /** Moved to the dead-letter queue after too many deliveries, never handed to the handler. */
  deadLettered: number;
  inFlight: number;
}

/** Where the lines go: a stream (stdout, or stderr in `--json` mode). */
export interface LineSink {
  write(text: string): unknown;
}

type Bucket = Exclude<keyof ProgressCounts, 'received' | 'deadLettered' | 'inFlight'>;

const STATE_BUCKETS: Readonly<Record<string, Bucket>> = {
  SUCCESS: 'succeeded',
  FAILURE: 'failed',
  RETRY: 'retried',
  REVOKED: 'revoked',
};

function bucketOf(m: MessageSettled): Bucket {
  if (m.action === 'redeliver') return 'redelivered';
  if (m.duplicate || m.state === null) return m.deferredUntil !== null ? 'deferred' : 'skipped';
  return (Object.hasOwn(STATE_BUCKETS, m.state) && STATE_BUCKETS[m.state]) || 'skipped';
}

/** The line that says what happened to one message. */
function describe(m: MessageSettled): string {
  const task = `task ${m.taskId} ${m.taskName ?? '?'}`;
  const ms = `${Math.round(m.durationMs)} ms`;
  if (m.action === 'redeliver') {
    const of = m.taskId === null ? '' : ` (task ${m.taskId})`;
    return `message ${m.messageId}${of} redelivered: ${m.reason ?? 'no reason given'}`;
  }
  if (m.taskId === null) return `message ${m.messageId} acknowledged, nothing run: ${m.reason ?? 'no task'}`;
  if (m.duplicate) return `${task} already ${m.state}: duplicate delivery acknowledged`;
  if (m.deferredUntil !== null) return `${task} deferred: eta not reached, back at ${m.deferredUntil}`;
  if (m.state === null) return `${task} acknowledged, no state stored ${ms}`;
  const why = m.reason === null ? '' : ` (${m.reason})`;
  const again = m.retryEta === null ? '' : `, runs again at ${m.retryEta}`;
  return `${task} ${m.state}${why} ${ms}${again}`;
}

/**
 * Prints one line per message saying what happened to it and, every `summaryIntervalMs` when
 * something changed, a summary whose buckets add up to the messages received.
 *
 * @example
 * ```ts
 * const progress = new ProgressPrinter(process.stderr, { summaryIntervalMs: 10_000 });
 * progress.received(1);
 * progress.settled({ messageId: 'm1', taskId: 'abc', taskName: 'tasks.add', action: 'ack', state: 'SUCCESS',
 *   reason: null, durationMs: 4, duplicate: false, deferredUntil: null, retryEta: null });
 * progress.stop();
 * ```
 */
export class ProgressPrinter {
  readonly #sink: LineSink;
  readonly #timer: NodeJS.Timeout | null;
  readonly #counts: ProgressCounts = {
    received: 0,
    succeeded: 0,
    failed: 0,
    retried: 0,
    revoked: 0,
    deferred: 0,
    skipped: 0,
    redelivered: 0,
    deadLettered: 0,
    inFlight: 0,
  };
  #lastSummary = '';

  constructor(sink: LineSink, options: { summaryIntervalMs: number }) {
    this.#sink = sink;
    this.#timer =
      options.summaryIntervalMs > 0
        ? setInterval(() => this.#printSummary(false), options.summaryIntervalMs)
        : null;
    this.#timer?.unref();
  }

  /** `count` messages were handed to the handler. */
  received(count: number): void {
    this.#counts.received += count;
    this.#counts.inFlight += count;
  }

  /** The runner finished with one message: print what happened and count it. */
  settled(message: MessageSettled): void {
    this.#counts[bucketOf(message)] += 1;
    this.#counts.inFlight -= 1;
    this.#sink.write(`${describe(message)}\n`);
  }

  /** `count` messages went to the dead-letter queue instead of the handler. */
  deadLettered(count: number): void {
    if (count === 0) return;
    this.#counts.received += count;
    this.#counts.deadLettered += count;
    this.#sink.write(`${count} message(s) moved to the dead-letter queue\n`);
  }

  /** Print a line that is not a message outcome (a warning of the handler, a state change). */
  note(text: string): void {
    this.#sink.write(`${text}\n`);
  }

  /** The counters now. */
  counts(): ProgressCounts {
    return { ...this.#counts };
  }

  /** Stop the periodic summary and print a last one. */
  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#printSummary(true);
  }

  #printSummary(always: boolean): void {
    const c = this.#counts;
    const line =
      `summary: received ${c.received}: succeeded ${c.succeeded}, failed ${c.failed}, retried ${c.retried}, ` +
      `revoked ${c.revoked}, deferred ${c.deferred}, skipped ${c.skipped}, redelivered ${c.redelivered}, ` +
      `dead-lettered ${c.deadLettered}, in flight ${c.inFlight}\n`;
    // An idle stack says nothing new.
    if (always || line !== this.#lastSummary) this.#sink.write(line);
    this.#lastSummary = line;
  }
}
