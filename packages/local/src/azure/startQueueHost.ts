/**
 * A stand-in for the Azure Functions host's Storage Queue trigger, for local runs and tests: it
 * receives from a queue with the worker's receive loop and calls the handler as the host does.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { InvocationContext as InvocationContextType } from '@azure/functions';
import { type AzureDelivery, azureQueuePollSource } from '@celery-cloud/azure';
import { type MessageOutcome, startPollLoop } from '@celery-cloud/core';
import { errorLogger } from '../errorLogger.js';

// A CommonJS module whose named exports Node's ESM loader cannot see: load it with require.
type AzureFunctions = typeof import('@azure/functions');
const { InvocationContext } = createRequire(import.meta.url)('@azure/functions') as AzureFunctions;

/** Options, named after host.json's `extensions.queues` settings. */
export interface QueueHostOptions {
  connectionString: string;
  /** The Azure queue to listen on. */
  queue: string;
  handler: (entry: unknown, context: InvocationContextType) => Promise<void>;
  /** Messages fetched and run at once (host default 16). */
  batchSize?: number;
  /** Deliveries before a failing message moves to `<queue>-poison` (host default 5). */
  maxDequeueCount?: number;
  /** Seconds a failed message stays invisible before its next delivery (host default 0). */
  visibilityTimeoutSeconds?: number;
  /** The lease on a message while it runs, in seconds (default 60). */
  leaseSeconds?: number;
  /** Pause between empty polls (and, doubling up to 5 s, after a failed one; default 100 ms). */
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/** A running host loop. */
export interface QueueHost {
  /** Stop receiving and wait for the invocations in flight. */
  stop(): Promise<void>;
}

/** The queue entry the v4 Node worker hands over: parsed JSON when the text is JSON. */
function entryOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The `InvocationContext` the host gives a queue-triggered function for one delivery. */
function invocationContext(queueName: string, d: AzureDelivery): InvocationContextType {
  return new InvocationContext({
    invocationId: randomUUID(),
    functionName: queueName,
    triggerMetadata: {
      id: d.item.messageId,
      dequeueCount: d.item.dequeueCount,
      popReceipt: d.popReceipt,
      insertionTime: d.item.insertedOn?.toISOString(),
      expirationTime: d.item.expiresOn?.toISOString(),
      nextVisibleTime: d.item.nextVisibleOn?.toISOString(),
      queueTrigger: d.item.messageText,
    },
  });
}

/**
 * Deliver a Storage Queue to a queue-triggered handler as the Functions host does with
 * `messageEncoding: "none"`, on the Storage Queue worker's own receive loop
 * (`azureQueuePollSource` and core's `startPollLoop`): an `InvocationContext` with the real
 * trigger metadata (`id`, `dequeueCount`, `popReceipt`, ...), the message deleted when the
 * handler resolves, visible again after `visibilityTimeoutSeconds` when it throws, and moved to
 * `<queue>-poison` once `dequeueCount` reaches `maxDequeueCount`.
 *
 * @example
 * ```ts
 * const host = startQueueHost({ connectionString, queue: 'celery', handler: handlerFromEnv(env, { tasks }) });
 * await host.stop();
 * ```
 */
export function startQueueHost(options: QueueHostOptions): QueueHost {
  const pollMs = options.pollIntervalMs ?? 100;
  const logger = errorLogger(options.onError);
  const loop = startPollLoop<AzureDelivery>({
    source: azureQueuePollSource({
      connectionString: options.connectionString,
      queueName: options.queue,
      visibilityTimeoutSeconds: options.leaseSeconds ?? 60,
      maxDequeueCount: options.maxDequeueCount ?? 5,
      retryDelaySeconds: options.visibilityTimeoutSeconds ?? 0,
      logger,
    }),
    // The host runs up to batchSize invocations at once.
    concurrency: Math.min(options.batchSize ?? 16, 32),
    idleBackoff: { initialMs: pollMs, maxMs: pollMs },
    errorBackoff: { initialMs: pollMs, maxMs: 5000 },
    logger,
    step: {
      batchSize: 1,
      async run([received]): Promise<MessageOutcome[]> {
        // One message per invocation (batchSize 1); the loop never runs an empty batch.
        if (!received) return [];
        const { message: d, inbound } = received;
        const { messageId } = inbound;
        try {
          await options.handler(entryOf(d.item.messageText), invocationContext(options.queue, d));
          return [{ messageId, action: 'ack', taskId: null, state: null }];
        } catch (error) {
          if (!(error instanceof Error && error.name === 'RedeliveryRequested')) options.onError?.(error);
          return [{ messageId, action: 'redeliver', taskId: null, reason: 'the function threw' }];
        }
      },
    },
  });
  return { stop: () => loop.stop() };
}
