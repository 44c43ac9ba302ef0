/**
 * Factories shared by the runner's unit tests: messages built with the real codec, a settable
 * clock and a capturing logger.
 */
import { encodeTaskMessage, wrapForTransport } from '../codec/index.js';
import { MemoryPublisher } from '../memory/MemoryPublisher.js';
import { MemoryResultStore } from '../memory/MemoryResultStore.js';
import type { Clock, InboundMessage, MessageOutcome } from '../ports.js';
import { type Runner, createRunner } from '../runner/createRunner.js';
import type { LogLevel, RunnerLogger } from '../runner/logger.js';
import type { RunnerOptions } from '../runner/types.js';

/** A clock stopped at `iso` that tests move. */
export function steppingClock(
  iso: string,
): Clock & { advance(seconds: number): void; set(iso: string): void } {
  let now = new Date(iso).getTime();
  return {
    now: () => new Date(now),
    advance: (seconds) => {
      now += seconds * 1000;
    },
    set: (at) => {
      now = new Date(at).getTime();
    },
  };
}

/** A logger that keeps its lines. */
export function capturingLogger(): RunnerLogger & {
  lines: Array<{ level: LogLevel; message: string; fields: Record<string, unknown> }>;
} {
  const lines: Array<{ level: LogLevel; message: string; fields: Record<string, unknown> }> = [];
  return { lines, log: (level, message, fields = {}) => lines.push({ level, message, fields }) };
}

type TaskInit = Parameters<typeof encodeTaskMessage>[0];

/** An SQS delivery of a task encoded by the codec. */
export function sqsMessage(
  init: Partial<TaskInit> & { id: string; task: string },
  delivery: { messageId?: string; receiveCount?: number } = {},
): InboundMessage {
  const envelope = encodeTaskMessage({ args: [], kwargs: {}, ...init } as TaskInit);
  return {
    messageId: delivery.messageId ?? `msg-${init.id}`,
    transport: 'sqs',
    payload: wrapForTransport(envelope, 'sqs'),
    ...(delivery.receiveCount === undefined ? {} : { receiveCount: delivery.receiveCount }),
  };
}

/** A runner over memory ports, a stepping clock and a capturing logger. */
export function testRunner(options: Partial<RunnerOptions> = {}): {
  runner: Runner;
  backend: MemoryResultStore;
  publisher: MemoryPublisher;
  logger: ReturnType<typeof capturingLogger>;
  clock: ReturnType<typeof steppingClock>;
  /** Deliver every published message (and what they publish) in order, moving the clock past
   * each message's delay; returns the outcomes. Stops after `limit` deliveries. */
  drain(limit?: number): Promise<MessageOutcome[]>;
} {
  const backend = options.backend instanceof MemoryResultStore ? options.backend : new MemoryResultStore();
  const publisher = options.publisher instanceof MemoryPublisher ? options.publisher : new MemoryPublisher();
  const clock = steppingClock('2026-11-23T12:00:00.000Z');
  const logger = capturingLogger();
  const runner = createRunner({ backend, publisher, clock, logger, workerName: 'celery@test', ...options });
  let delivered = 0;
  const drain = async (limit = 200) => {
    const outcomes: MessageOutcome[] = [];
    while (outcomes.length < limit) {
      const next = publisher.published[delivered];
      if (!next) break;
      const { envelope, delaySeconds } = next;
      delivered += 1;
      if (delaySeconds) clock.advance(delaySeconds);
      const inbound = {
        messageId: `pub-${delivered}`,
        transport: 'sqs' as const,
        payload: wrapForTransport(envelope, 'sqs'),
      };
      outcomes.push(...(await runner.runBatch([inbound])));
    }
    return outcomes;
  };
  return { runner, backend, publisher, logger, clock, drain };
}
