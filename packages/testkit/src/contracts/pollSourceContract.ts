/**
 * The rules every poll source keeps (core's `PollSource`, driven by `startPollLoop`), as one suite
 * each implementation runs against its emulator: SQS, Azure Storage Queue, Pub/Sub. A published
 * Celery message is received as a core message, intact, with its delivery count; an ack removes it
 * for good; a release or a lapsed lease brings it back counted once more; an extended lease keeps
 * it from every other consumer; a receive returns no more than asked; an idle worker waits between
 * receives instead of spinning; a message delivered too often is moved aside.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { must } from '../must.js';

/** A kombu envelope, structurally (core's `KombuEnvelope`). */
interface EnvelopeLike {
  body: string;
  headers: Record<string, unknown>;
}

/** A core message, structurally (core's `InboundMessage`). */
interface InboundLike {
  messageId: string;
  transport: string;
  payload: unknown;
  receiveCount?: number;
}

/** The poll-source port, structurally (core's `PollSource`; the testkit does not depend on core). */
export interface PollSourceUnderTest<M> {
  receive(max: number, signal: AbortSignal): Promise<M[]>;
  toInbound(message: M): InboundLike;
  groupOf(message: M): string | null;
  ack(message: M): Promise<void>;
  extend(message: M): Promise<void>;
  release(message: M, delaySeconds: number | null): Promise<void>;
  readonly leaseMs: number;
  /** Frees the source's client, where it holds one (Pub/Sub). */
  close?(): Promise<void>;
}

/** A fresh, empty queue made for one test. */
export interface QueueUnderTest<S, E extends EnvelopeLike> {
  /** A new consumer of the queue: a source holding each message for the lease asked for. */
  source(): Promise<S>;
  /** Send a task message with the adapter's publisher, as a Celery client would. */
  publish(envelope: E): Promise<void>;
  /** The envelopes moved aside as undeliverable (poison queue, dead-letter queue). */
  deadLettered(): Promise<EnvelopeLike[]>;
}

/** Core's `startPollLoop`, structurally: only what the idle check needs. */
type StartPollLoop<S> = (options: {
  source: S;
  step: { batchSize: number; run(batch: unknown[]): Promise<undefined[]> };
  idleBackoff: { initialMs: number; maxMs: number } | null;
  logger: { log(): void };
}) => { stop(): Promise<void> };

/** What a provider gives {@link describePollSourceContract}. */
export interface PollSourceContract<M, S extends PollSourceUnderTest<M>, E extends EnvelopeLike> {
  /** A fresh, empty queue whose sources hold a message `leaseSeconds`, whose long poll (where it
   * has one) lasts `waitSeconds`, and which moves a message aside after `maxDeliveries`. */
  create(options: { leaseSeconds: number; waitSeconds: number; maxDeliveries: number }): Promise<
    QueueUnderTest<S, E>
  >;
  /** Core's `encodeTaskMessage`. */
  encodeTaskMessage(fields: { id: string; task: string; args: unknown[]; kwargs: Record<string, never> }): E;
  /** Core's `unwrapTransport`: the envelope a core message carries. */
  unwrapTransport(transport: never, payload: never): EnvelopeLike;
  /** Core's `startPollLoop`. */
  startPollLoop: StartPollLoop<S>;
  /** The back-off the adapter's poller pairs the source with after an empty receive, for a long
   * poll of `waitSeconds` (as its `createPoller` does); null when the receive itself waits. */
  idleBackoff(options: { waitSeconds: number }): { initialMs: number; maxMs: number } | null;
  /** Deliveries after which the source or its queue moves a message aside (Azure's poison queue
   * after `maxDequeueCount`, an SQS redrive policy, a Pub/Sub dead-letter policy, whose least is 5). */
  deadLetter: { maxDeliveries: number };
}

/** The lease every test asks for: short, so the suite is fast. */
const LEASE_SECONDS = 2;
/** The long poll of a receive, where the transport has one. */
const WAIT_SECONDS = 1;
/** How long a test waits for a message to (re)appear beyond when it is due. Generous: emulators
 * sweep their leases on their own timers, and a loaded machine is slow; waiting longer never makes
 * a passing check fail. */
const SLACK_MS = 10_000;

/**
 * Registers the poll-source contract tests in the current `describe` block. `create` is called
 * inside each test, so it may use what the block's `beforeAll` started (an emulator).
 *
 * @example
 * ```ts
 * describe('SQS poll source', () =>
 *   describePollSourceContract({
 *     create, encodeTaskMessage, unwrapTransport, startPollLoop,
 *     idleBackoff: () => null, deadLetter: { maxDeliveries: 2 },
 *   }),
 * );
 * ```
 */
export function describePollSourceContract<M, S extends PollSourceUnderTest<M>, E extends EnvelopeLike>(
  contract: PollSourceContract<M, S, E>,
): void {
  // More deliveries than any test makes, but the dead-letter one.
  const create = (maxDeliveries = 10) =>
    contract.create({ leaseSeconds: LEASE_SECONDS, waitSeconds: WAIT_SECONDS, maxDeliveries });
  const unwrap = (inbound: InboundLike) =>
    contract.unwrapTransport(inbound.transport as never, inbound.payload as never);
  const taskId = (name: string) => `${name}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const publishTask = async (queue: QueueUnderTest<S, E>, name: string) => {
    const envelope = contract.encodeTaskMessage({
      id: taskId(name),
      task: 'proj.add',
      args: [2, 3],
      kwargs: {},
    });
    await queue.publish(envelope);
    return envelope;
  };
  const idOf = (source: S, message: M) => unwrap(source.toInbound(message)).headers.id;
  /** Receive until `want` messages came or `ms` passed; everything received is returned. */
  const receiveUntil = async (source: S, want: number, ms: number, max = 10) => {
    const got: M[] = [];
    const signal = new AbortController().signal;
    for (const deadline = Date.now() + ms; got.length < want && Date.now() < deadline; ) {
      const batch = await source.receive(max, signal);
      expect(batch.length).toBeLessThanOrEqual(max);
      got.push(...batch);
      if (batch.length === 0) await sleep(100);
    }
    return got;
  };
  const countOf = (source: S, message: M) => source.toInbound(message).receiveCount;
  /** Open two consumers of the queue, run `body`, close them whatever happens. */
  const withSources = async (queue: QueueUnderTest<S, E>, body: (source: S, other: S) => Promise<void>) => {
    const [source, other] = await Promise.all([queue.source(), queue.source()]);
    try {
      await body(source, other);
    } finally {
      await Promise.all([source.close?.(), other.close?.()]);
    }
  };
  /** The first message received within `ms`, or a failure naming what did not come. */
  const receiveOne = async (source: S, ms: number, what: string) =>
    must((await receiveUntil(source, 1, ms))[0], what);

  it('receives a published Celery message as a core message, headers and body intact, delivered once so far', async () => {
    const queue = await create();
    await withSources(queue, async (source) => {
      const envelope = await publishTask(queue, 'intact');
      const message = await receiveOne(source, SLACK_MS, 'the published message');
      expect(source.leaseMs).toBe(LEASE_SECONDS * 1000);
      const received = unwrap(source.toInbound(message));
      expect(received.headers).toMatchObject({ id: envelope.headers.id, task: 'proj.add' });
      expect(received.body).toBe(envelope.body);
      expect(countOf(source, message)).toBe(1);
      await source.ack(message);
    });
  }, 30_000);

  it('removes an acknowledged message for good: it is not received again once its lease is over', async () => {
    const queue = await create();
    await withSources(queue, async (source) => {
      await publishTask(queue, 'acked');
      await source.ack(await receiveOne(source, SLACK_MS, 'the published message'));
      // Three leases: an unacknowledged message would have come back by then.
      expect(await receiveUntil(source, 1, 3 * LEASE_SECONDS * 1000)).toEqual([]);
    });
  }, 30_000);

  it('brings a message whose lease lapsed unacknowledged back to a consumer, its delivery count one higher', async () => {
    const queue = await create();
    await withSources(queue, async (source, other) => {
      const envelope = await publishTask(queue, 'lapsed');
      await receiveOne(source, SLACK_MS, 'the published message');
      const again = await receiveOne(
        other,
        LEASE_SECONDS * 1000 + SLACK_MS,
        'the message once its lease lapsed',
      );
      expect(idOf(other, again)).toBe(envelope.headers.id);
      expect(countOf(other, again)).toBe(2);
      await other.ack(again);
    });
  }, 30_000);

  it('brings a released message back by the end of its lease, or after the delay it was released for', async () => {
    const queue = await create();
    await withSources(queue, async (source) => {
      const envelope = await publishTask(queue, 'released');
      // No delay: back within its lease (at once on Pub/Sub; at the lease's end on the queues,
      // which hand a message back by visibility, as after a failed invocation).
      await source.release(await receiveOne(source, SLACK_MS, 'the published message'), null);
      const second = await receiveOne(source, LEASE_SECONDS * 1000 + SLACK_MS, 'the released message');
      expect(idOf(source, second)).toBe(envelope.headers.id);
      expect(countOf(source, second)).toBe(2);
      // For longer than a lease, so a release that ignored its delay shows. A loaded machine only
      // receives it later, never earlier (1 s spared for emulators counting whole seconds).
      const releasedAt = Date.now();
      await source.release(second, 5);
      const third = await receiveOne(source, 5000 + SLACK_MS, 'the message released for 5 s');
      expect(Date.now() - releasedAt).toBeGreaterThanOrEqual(4000);
      expect(idOf(source, third)).toBe(envelope.headers.id);
      // Higher, not exactly 3: the SQS emulator counts a visibility change as a receive too.
      expect(countOf(source, third)).toBeGreaterThan(2);
      await source.ack(third);
    });
  }, 45_000);

  it('keeps a message whose lease is extended from any other consumer well past its first lease', async () => {
    const queue = await create();
    await withSources(queue, async (holder, other) => {
      await publishTask(queue, 'extended');
      const message = await receiveOne(holder, SLACK_MS, 'the published message');
      // A heartbeat at a quarter of the lease (the poll loop's is at a third): a stalled machine
      // would have to freeze for three quarters of a lease to let the message slip.
      const heartbeat = setInterval(() => void holder.extend(message), (LEASE_SECONDS * 1000) / 4);
      try {
        expect(await receiveUntil(other, 1, 3 * LEASE_SECONDS * 1000)).toEqual([]);
      } finally {
        clearInterval(heartbeat);
      }
      await holder.ack(message);
    });
  }, 30_000);

  it('receives a batch of at most the size asked for, and every message published', async () => {
    const queue = await create();
    await withSources(queue, async (source) => {
      const sent = await Promise.all(Array.from({ length: 5 }, (_, i) => publishTask(queue, `batch${i}`)));
      // receiveUntil checks each receive's size against the 3 asked for.
      const got = await receiveUntil(source, sent.length, SLACK_MS, 3);
      expect(got.map((m) => idOf(source, m)).sort()).toEqual(sent.map((e) => e.headers.id).sort());
      await Promise.all(got.map((m) => source.ack(m)));
    });
  }, 30_000);

  it('waits between receives while the queue is empty instead of spinning (a long poll or a back-off)', async () => {
    const queue = await create();
    await withSources(queue, async (source) => {
      let receives = 0;
      const counted: S = {
        ...source,
        receive: (max: number, signal: AbortSignal) => {
          receives += 1;
          return source.receive(max, signal);
        },
      };
      const idleBackoff = contract.idleBackoff({ waitSeconds: WAIT_SECONDS });
      const loop = contract.startPollLoop({
        source: counted,
        step: { batchSize: 1, run: async (batch) => batch.map(() => undefined) },
        idleBackoff,
        logger: { log: () => {} },
      });
      const windowMs = 4000;
      await sleep(windowMs);
      await loop.stop();
      // One receive per wait, plus the one stop() aborts, is windowMs / wait + 1; twice as many
      // leaves room for a long poll answered early, while a spinning loop makes hundreds. A slow
      // machine only makes fewer, so no load can fail the bound.
      const wait = idleBackoff?.initialMs ?? WAIT_SECONDS * 1000;
      expect(receives).toBeGreaterThanOrEqual(1);
      expect(receives).toBeLessThanOrEqual(2 * (windowMs / wait) + 1);
    });
  }, 30_000);

  it('moves a message delivered maxDeliveries times aside instead of delivering it again', async () => {
    const { maxDeliveries } = contract.deadLetter;
    const queue = await create(maxDeliveries);
    await withSources(queue, async (source) => {
      const envelope = await publishTask(queue, 'poison');
      for (let delivery = 1; delivery <= maxDeliveries; delivery += 1) {
        const message = await receiveOne(source, LEASE_SECONDS * 1000 + SLACK_MS, `delivery ${delivery}`);
        expect(idOf(source, message)).toBe(envelope.headers.id);
        expect(countOf(source, message)).toBe(delivery);
        await source.release(message, null);
      }
      let moved: EnvelopeLike[] = [];
      const deadline = Date.now() + LEASE_SECONDS * 1000 + SLACK_MS;
      while (moved.length === 0 && Date.now() < deadline) {
        // A receive is what moves it, on a queue with a redrive policy as by a poison check.
        expect(await source.receive(10, new AbortController().signal)).toEqual([]);
        moved = await queue.deadLettered();
      }
      expect(moved.map((e) => e.headers.id)).toEqual([envelope.headers.id]);
    });
  }, 45_000);
}
