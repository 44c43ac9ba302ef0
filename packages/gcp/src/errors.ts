import { CeleryCloudError } from '@celery-cloud/core';

/**
 * Thrown by the trigger so the function answers with an error and Pub/Sub redelivers the message
 * (after the subscription's retry backoff; after `max_delivery_attempts`, to its dead-letter topic).
 *
 * @example
 * ```ts
 * try { await handler(event); } catch (e) { if (e instanceof RedeliveryRequested) nack(); }
 * ```
 */
export class RedeliveryRequested extends CeleryCloudError {
  override name = 'RedeliveryRequested';

  constructor(
    readonly messageId: string,
    readonly reason: string,
  ) {
    super(`message ${messageId} must be delivered again: ${reason}`);
  }
}
