/**
 * The rules every publisher keeps, as one suite each implementation runs: memory, SQS, Azure
 * Storage Queue, Pub/Sub. A message published to a queue reaches it intact; one over the
 * transport's limit is refused with `MessageTooLarge` before it is sent.
 */
import { expect, it } from 'vitest';

/** A kombu envelope, structurally (core's `KombuEnvelope`). */
interface EnvelopeLike {
  body: string;
  headers: Record<string, unknown>;
}

/** What a provider gives {@link describePublisherContract}. */
export interface PublisherContract<E extends EnvelopeLike> {
  /** A publisher, and what a consumer of its queues has received so far (decoded envelopes). */
  create(): {
    publisher: {
      readonly maxDelaySeconds: number;
      publish(envelope: E, options: { queue: string; delaySeconds?: number }): Promise<void>;
    };
    receive(queue: string): Promise<EnvelopeLike[]>;
  };
  /** The queue the consumer reads. */
  queue: string;
  /** Core's `encodeTaskMessage`. */
  encodeTaskMessage(fields: { id: string; task: string; args: unknown[]; kwargs: Record<string, never> }): E;
  /** The transport's message limit in bytes, and core's `MessageTooLarge`. */
  tooLarge: { bytes: number; error: new (...args: never[]) => Error };
}

/**
 * Registers the publisher contract tests in the current `describe` block.
 *
 * @example
 * ```ts
 * describe('SQS publisher', () => describePublisherContract({ create, queue: 'celery', encodeTaskMessage, tooLarge }));
 * ```
 */
export function describePublisherContract<E extends EnvelopeLike>(contract: PublisherContract<E>): void {
  it('delivers a task message to the named queue, headers and body intact', async () => {
    const { publisher, receive } = contract.create();
    const id = `pub-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const envelope = contract.encodeTaskMessage({ id, task: 'proj.add', args: [2, 3], kwargs: {} });
    await publisher.publish(envelope, { queue: contract.queue });
    let got: EnvelopeLike | undefined;
    for (const deadline = Date.now() + 15_000; !got && Date.now() < deadline; ) {
      got = (await receive(contract.queue)).find((e) => e.headers.id === id);
      if (!got) await new Promise((r) => setTimeout(r, 200));
    }
    expect(got?.headers).toMatchObject({ id, task: 'proj.add' });
    expect(got?.body).toBe(envelope.body);
  }, 30_000);

  it('says how long it can delay a message natively', () => {
    const { maxDelaySeconds } = contract.create().publisher;
    expect(Number.isInteger(maxDelaySeconds) && maxDelaySeconds >= 0).toBe(true);
  });

  it("refuses a message over the transport's limit with MessageTooLarge", async () => {
    const { publisher } = contract.create();
    // Random text does not compress: the message stays over the limit whatever the encoding.
    const noise = Array.from({ length: contract.tooLarge.bytes / 8 + 1 }, () =>
      Math.random().toString(36).slice(2, 10),
    ).join('');
    const envelope = contract.encodeTaskMessage({
      id: 'too-large',
      task: 'proj.add',
      args: [noise],
      kwargs: {},
    });
    await expect(publisher.publish(envelope, { queue: contract.queue })).rejects.toBeInstanceOf(
      contract.tooLarge.error,
    );
  }, 30_000);
}
