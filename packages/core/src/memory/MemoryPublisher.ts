/**
 * An in-memory {@link Publisher} recording what the runner publishes.
 */
import { wrapForTransport } from '../codec/transport.js';
import { MessageTooLarge } from '../errors.js';
import type { Publisher } from '../ports.js';
import type { KombuEnvelope } from '../types.js';

/** One recorded publish call. */
export interface PublishedMessage {
  envelope: KombuEnvelope;
  queue: string;
  delaySeconds: number | undefined;
}

/**
 * Records published envelopes (deep-cloned) with their options.
 *
 * @example
 * ```ts
 * const publisher = new MemoryPublisher({ maxDelaySeconds: 900 });
 * await runner.runBatch(messages);
 * publisher.published[0]?.delaySeconds;
 * ```
 */
export class MemoryPublisher implements Publisher {
  readonly maxDelaySeconds: number;
  readonly published: PublishedMessage[] = [];
  #failNext = 0;

  readonly #maxMessageBytes: number | undefined;

  /** `maxMessageBytes`: refuse a message whose SQS body is larger (`MessageTooLarge`), as a queue
   * refuses one over its size limit; it is then also encoded as a real publisher would. */
  constructor(options: { maxDelaySeconds?: number; maxMessageBytes?: number } = {}) {
    this.maxDelaySeconds = options.maxDelaySeconds ?? 900;
    this.#maxMessageBytes = options.maxMessageBytes;
  }

  /** Make the next `n` publish calls reject. */
  failNextPublishes(n: number): void {
    this.#failNext = n;
  }

  async publish(envelope: KombuEnvelope, options: { queue: string; delaySeconds?: number }): Promise<void> {
    if (this.#failNext > 0) {
      this.#failNext -= 1;
      throw new Error('memory publisher: injected publish failure');
    }
    if (this.#maxMessageBytes !== undefined) {
      const bytes = Buffer.byteLength(wrapForTransport(envelope, 'sqs'));
      if (bytes > this.#maxMessageBytes)
        throw new MessageTooLarge(
          `a message of ${bytes} bytes exceeds the queue's limit of ${this.#maxMessageBytes} bytes`,
        );
    }
    this.published.push({
      envelope: structuredClone(envelope),
      queue: options.queue,
      delaySeconds: options.delaySeconds,
    });
  }
}
