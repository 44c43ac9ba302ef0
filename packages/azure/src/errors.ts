import { CeleryCloudError } from '@celery-cloud/core';

/**
 * Thrown by a trigger so the Functions host redelivers the message (and, after `maxDequeueCount`
 * or `maxDeliveryCount`, moves it to the poison or dead-letter queue). The message names why.
 *
 * @example
 * ```ts
 * try { await handler(entry, context); } catch (e) { if (e instanceof RedeliveryRequested) leaveOnQueue(); }
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
