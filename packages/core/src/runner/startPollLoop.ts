/**
 * The one receive loop of every cloud, shared by the container pollers and the local stand-ins of
 * the platforms' triggers: receive, hand the messages to a {@link PollStep} with their leases
 * extended while it runs, ack or hand back, drain on stop. The cloud adapters supply a
 * {@link PollSource}; this file holds no SDK.
 */
import type { InboundMessage, MessageOutcome } from '../ports.js';
import { abortableSleep } from './abortableSleep.js';
import { createSemaphore } from './createSemaphore.js';
import type { RunnerLogger } from './logger.js';
import type { PollStep, Received } from './pollStep.js';
import type { BatchContext } from './types.js';

/** A queue as the poll loop sees it, implemented by each cloud adapter's `createPoller`. */
export interface PollSource<M> {
  /** Wait for up to `max` messages (a long poll, or one short receive); `signal` aborts on stop. */
  receive(max: number, signal: AbortSignal): Promise<M[]>;
  /** The core message of a delivery. */
  toInbound(message: M): InboundMessage;
  /** FIFO group: messages of one group run one after another, in order; null = independent. */
  groupOf(message: M): string | null;
  /** Delete / complete the message. */
  ack(message: M): Promise<void>;
  /** Keep the message from other consumers for another lease. */
  extend(message: M): Promise<void>;
  /** Hand the message back: after `delaySeconds` when given (an eta not reached), else the
   * queue's own redelivery (visibility timeout, nack). */
  release(message: M, delaySeconds: number | null): Promise<void>;
  /** How long one lease (receive or `extend`) holds, in milliseconds. */
  readonly leaseMs: number;
  /** The most messages one receive returns (SQS 10, Azure 32); unset = no limit. When the loop
   * may hold more, further receives go out at once while the queue has messages waiting. */
  readonly maxPerReceive?: number;
}

/** Options of {@link startPollLoop}. */
export interface PollLoopOptions<M> {
  source: PollSource<M>;
  /** What is done with the received messages: `runnerStep(runner)` for a worker. */
  step: PollStep<M>;
  /** Tasks running at once at most (default 10). */
  concurrency?: number;
  /** Messages received ahead of a free slot, held under their lease (heartbeat) until one frees
   * (default 0: receive only for free slots). Receiving ahead keeps the slots busy while the next
   * receive is answered, and asks for messages in larger batches. */
  prefetch?: number;
  /** A hard limit for tasks whose message has none; null (default) = only the message's own. */
  timeLimitSeconds?: number | null;
  /** Must match the runner's `timeSafetyMarginMs` so `timeLimitSeconds` is the limit the task gets. */
  timeSafetyMarginMs?: number;
  /** Extend the lease this often (default a third of `source.leaseMs`). */
  heartbeatMs?: number;
  /** After an empty receive, start the next one this long after it started, doubling up to
   * `maxMs` (sources without a long poll, or whose long poll may return early). */
  idleBackoff?: { initialMs: number; maxMs: number } | null;
  /** Pause after a failed receive, doubling up to `maxMs` (default 1 s to 60 s). */
  errorBackoff?: { initialMs: number; maxMs: number };
  logger?: RunnerLogger;
  /** Told of every settled message (progress printing, tests). */
  onSettled?: (outcome: MessageOutcome) => void;
}

/** A running poll loop. */
export interface PollLoop {
  /** Stop receiving, let the tasks in flight finish and be answered for. */
  stop(): Promise<void>;
  /** Messages received and not yet answered for: running, waiting for a slot, or being acked. */
  readonly inFlight: number;
}

const stderrLogger: RunnerLogger = {
  log: (level, msg, fields = {}) =>
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`),
};

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

const backoffMs = (b: { initialMs: number; maxMs: number }, attempt: number) =>
  Math.min(b.maxMs, b.initialMs * 2 ** Math.max(0, attempt - 1));

/**
 * Run a queue through a step until stopped: the runner for a long-running container worker, a
 * function invocation for a local stand-in of a platform's trigger. At most `concurrency` tasks
 * running, and up to `prefetch` more messages received ahead, waiting for a slot; each one's lease
 * extended (heartbeat) from its receipt until it is answered for, so a task may take hours; acked
 * once its outcome is stored (the slot, and the message's place among those held, are free again
 * while the ack goes out: the next receive need not wait for a delete), handed back
 * otherwise; received ahead but not started when `stop()` comes, handed back unrun. When one
 * receive returns fewer than the places held (`source.maxPerReceive`), more go out side by side
 * while the queue has a backlog. No hidden deadline: a task's limit is its message's `timelimit`,
 * or `timeLimitSeconds`. A failing receive, ack or extend is logged (one line each) and retried
 * with back-off; nothing is lost, since an unacked message comes back. A lease that ran out while
 * its task still runs is logged at `error`: another worker may then get the message too. `stop()`
 * drains.
 *
 * @example
 * ```ts
 * const loop = startPollLoop({ source, step: runnerStep(runner), concurrency: 4 });
 * process.once('SIGTERM', () => void loop.stop());
 * ```
 */
export function startPollLoop<M>(options: PollLoopOptions<M>): PollLoop {
  const { source, step } = options;
  const logger = options.logger ?? stderrLogger;
  const concurrency = Math.max(1, options.concurrency ?? 10);
  const prefetch = Math.max(0, options.prefetch ?? 0);
  // A slot per unit: one message, or one batch of a batching step.
  const slots = createSemaphore(concurrency);
  const heartbeatMs = options.heartbeatMs ?? Math.max(200, Math.floor(source.leaseMs / 3));
  const errorBackoff = options.errorBackoff ?? { initialMs: 1000, maxMs: 60_000 };
  const marginMs = options.timeSafetyMarginMs ?? 2000;
  const stopping = new AbortController();
  const settled = new Set<Promise<void>>();
  const groupTails = new Map<string, Promise<boolean>>();
  let inFlight = 0;
  // Of those, messages whose outcome is stored and whose ack is out: they no longer hold a place.
  let acking = 0;
  // Receivers waiting for a place to free, or for the queue to show it has more.
  const waiting = new Set<() => void>();
  const wake = () => {
    for (const resume of waiting) resume();
    waiting.clear();
  };

  const release = async (message: M, delaySeconds: number | null) => {
    try {
      await source.release(message, delaySeconds);
    } catch (error) {
      logger.log('warn', 'handing the message back failed; it reappears when its lease ends', {
        messageId: source.toInbound(message).messageId,
        error: errorText(error),
      });
    }
  };

  /** Run a unit's step once a slot is free; null when stopped before it could start. */
  const runInSlot = (batch: Received<M>[]): Promise<Array<MessageOutcome | undefined> | null> =>
    slots.run(async () => {
      if (stopping.signal.aborted) return null;
      const started = Date.now();
      const limit = options.timeLimitSeconds ?? null;
      const context: BatchContext =
        limit === null ? {} : { remainingTimeMs: () => started + limit * 1000 + marginMs - Date.now() };
      return step.run(batch, context);
    });

  /** Run one unit; resolves false when a message was handed back (the rest of its FIFO group waits). */
  const runUnit = async (messages: M[]): Promise<boolean> => {
    const batch: Received<M>[] = messages.map((message) => ({ message, inbound: source.toInbound(message) }));
    let leaseUntil = Date.now() + source.leaseMs;
    let expiredLogged = false;
    const checkLease = () => {
      if (Date.now() <= leaseUntil || expiredLogged) return;
      expiredLogged = true;
      for (const { inbound } of batch) {
        logger.log(
          'error',
          'the message lease expired while its task still runs: it may be delivered again',
          {
            messageId: inbound.messageId,
          },
        );
      }
    };
    const extendOne = ({ message, inbound }: Received<M>) =>
      source.extend(message).then(
        () => true,
        (error: unknown) => {
          logger.log('warn', 'extending the message lease failed; retrying at the next heartbeat', {
            messageId: inbound.messageId,
            error: errorText(error),
          });
          return false;
        },
      );
    // The last extension: acked or handed back only once it is answered, so no extension races
    // the delete.
    let extending: Promise<void> = Promise.resolve();
    const heartbeat = setInterval(() => {
      checkLease();
      const asked = Date.now();
      extending = Promise.all(batch.map(extendOne)).then((extended) => {
        if (extended.every(Boolean)) leaseUntil = Math.max(leaseUntil, asked + source.leaseMs);
      });
    }, heartbeatMs);
    const outcomes = await runInSlot(batch).finally(async () => {
      clearInterval(heartbeat);
      await extending;
    });
    if (outcomes === null) {
      await Promise.all(messages.map((m) => release(m, null)));
      return false;
    }
    checkLease();
    const answered = await Promise.all(
      batch.map(({ message, inbound }, i) => settle(message, inbound, outcomes[i])),
    );
    return answered.every(Boolean);
  };

  /** Ack or hand back one message by its outcome; false when handed back. */
  const settle = async (message: M, inbound: InboundMessage, outcome: MessageOutcome | undefined) => {
    if (outcome === undefined) {
      await release(message, null);
      return false;
    }
    options.onSettled?.(outcome);
    if (outcome.action === 'redeliver') {
      await release(message, outcome.delaySeconds ?? null);
      return false;
    }
    acking += 1;
    wake();
    try {
      await source.ack(message);
    } catch (error) {
      // The outcome is stored; the redelivery is recognised as a duplicate and acked then.
      logger.log('warn', 'acknowledging the message failed; it will come back and be deduplicated', {
        messageId: inbound.messageId,
        error: errorText(error),
      });
    } finally {
      acking -= 1;
    }
    return true;
  };

  const track = (work: Promise<unknown>, messages: number) => {
    inFlight += messages;
    const done = work.then(
      () => undefined,
      (error: unknown) => logger.log('error', 'poller failure', { error: errorText(error) }),
    );
    const settledOne = done.finally(() => {
      inFlight -= messages;
      settled.delete(settledOne);
      wake();
    });
    settled.add(settledOne);
  };

  const dispatchOne = (message: M) => {
    const group = source.groupOf(message);
    if (group === null) return track(runUnit([message]), 1);
    // Within a group, in order; once one is handed back the rest of the group goes back unrun.
    const previous = groupTails.get(group) ?? Promise.resolve(true);
    const tail = previous.then(async (ok) => {
      if (ok) return runUnit([message]);
      await release(message, null);
      return false;
    });
    groupTails.set(group, tail);
    track(tail, 1);
    void tail.finally(() => {
      if (groupTails.get(group) === tail) groupTails.delete(group);
    });
  };

  const dispatch = (received: M[]) => {
    if (step.batchSize <= 1) {
      for (const message of received) dispatchOne(message);
      return;
    }
    for (let i = 0; i < received.length; i += step.batchSize) {
      const unit = received.slice(i, i + step.batchSize);
      track(runUnit(unit), unit.length);
    }
  };

  const capacity = concurrency + prefetch;
  const perReceive = source.maxPerReceive ?? Number.POSITIVE_INFINITY;
  // Places the receives out may fill.
  let asked = 0;
  // The last receive came back with all it asked for: the queue likely has more waiting.
  let backlog = false;
  /** Messages that may still be asked for: the places neither held (an acking message holds
   * none) nor asked for by a receive out. */
  const room = () => capacity - (inFlight - acking) - asked;
  // Received ahead, a receive waits until it may ask for half the prefetch, or a full receive, at
  // least (fewer, larger receives) unless no message waits for a slot any more.
  const fewestAhead = Math.max(1, Math.min(Math.ceil(prefetch / 2), perReceive));
  const wantsMore = (first: boolean) => {
    const free = room();
    return (first || backlog) && free > 0 && (slots.waiting === 0 || free >= fewestAhead);
  };

  /** Receive up to `max`, those places counted as asked for until the answer. */
  const receiveAsked = async (max: number) => {
    asked += max;
    try {
      return await source.receive(max, stopping.signal);
    } finally {
      asked -= max;
    }
  };

  /** One receive after another; the first receiver always polls, the others only while the queue
   * has a backlog (an idle queue, or one that cannot be reached, gets one receive at a time). */
  const receiver = async (first: boolean) => {
    let failures = 0;
    let idle = 0;
    while (!stopping.signal.aborted) {
      if (!wantsMore(first)) {
        await new Promise<void>((resume) => waiting.add(resume));
        continue;
      }
      const max = Math.min(room(), perReceive);
      let batch: M[];
      const receiveStarted = Date.now();
      try {
        batch = await receiveAsked(max);
        failures = 0;
      } catch (error) {
        if (stopping.signal.aborted) break;
        backlog = false;
        // Its places are free again: a receiver waiting for room looks again.
        wake();
        failures += 1;
        const wait = backoffMs(errorBackoff, failures);
        logger.log('warn', `receiving failed; retrying in ${wait} ms`, { error: errorText(error), failures });
        await abortableSleep(wait, stopping.signal);
        continue;
      }
      // Its places are free again, and the others learn whether the queue has a backlog.
      backlog = batch.length >= max;
      wake();
      if (batch.length === 0) {
        idle += 1;
        if (options.idleBackoff) {
          const wait = backoffMs(options.idleBackoff, idle) - (Date.now() - receiveStarted);
          await abortableSleep(Math.max(0, wait), stopping.signal);
        }
        continue;
      }
      idle = 0;
      dispatch(batch);
    }
  };
  // As many receivers as full receives fit in the places held.
  const receivers = Number.isFinite(perReceive) ? Math.max(1, Math.ceil(capacity / perReceive)) : 1;
  const loop = Promise.all(Array.from({ length: receivers }, (_, i) => receiver(i === 0)));

  return {
    async stop() {
      stopping.abort();
      wake();
      await loop;
      while (settled.size > 0) await Promise.all([...settled]);
    },
    get inFlight() {
      return inFlight;
    },
  };
}
