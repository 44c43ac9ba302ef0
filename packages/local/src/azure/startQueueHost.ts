/**
 * A stand-in for the Azure Functions host's Storage Queue trigger, for local runs and tests: it
 * receives from a queue and calls the handler exactly as the host does.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { InvocationContext as InvocationContextType } from '@azure/functions';
import { QueueServiceClient } from '@azure/storage-queue';

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
  /** Pause between empty polls (default 100 ms). */
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

/**
 * Deliver a Storage Queue to a queue-triggered handler as the Functions host does with
 * `messageEncoding: "none"`: an `InvocationContext` with the real trigger metadata (`id`,
 * `dequeueCount`, `popReceipt`, ...), the message deleted when the handler resolves, left for
 * redelivery when it throws, and moved to `<queue>-poison` once `dequeueCount` reaches
 * `maxDequeueCount`.
 *
 * @example
 * ```ts
 * const host = startQueueHost({ connectionString, queue: 'celery', handler: handlerFromEnv(env, { tasks }) });
 * await host.stop();
 * ```
 */
export function startQueueHost(options: QueueHostOptions): QueueHost {
  const service = QueueServiceClient.fromConnectionString(options.connectionString);
  const queue = service.getQueueClient(options.queue);
  const poison = service.getQueueClient(`${options.queue}-poison`);
  const maxDequeueCount = options.maxDequeueCount ?? 5;
  let stopped = false;

  const invoke = async (message: {
    messageId: string;
    popReceipt: string;
    dequeueCount: number;
    messageText: string;
    insertedOn?: Date;
    expiresOn?: Date;
    nextVisibleOn?: Date;
  }) => {
    const context = new InvocationContext({
      invocationId: randomUUID(),
      functionName: options.queue,
      triggerMetadata: {
        id: message.messageId,
        dequeueCount: message.dequeueCount,
        popReceipt: message.popReceipt,
        insertionTime: message.insertedOn?.toISOString(),
        expirationTime: message.expiresOn?.toISOString(),
        nextVisibleTime: message.nextVisibleOn?.toISOString(),
        queueTrigger: message.messageText,
      },
    });
    try {
      await options.handler(entryOf(message.messageText), context);
      await queue.deleteMessage(message.messageId, message.popReceipt);
    } catch (error) {
      if (message.dequeueCount >= maxDequeueCount) {
        await poison.createIfNotExists();
        await poison.sendMessage(message.messageText);
        await queue.deleteMessage(message.messageId, message.popReceipt);
      } else {
        await queue.updateMessage(
          message.messageId,
          message.popReceipt,
          undefined,
          options.visibilityTimeoutSeconds ?? 0,
        );
      }
      if (!(error instanceof Error && error.name === 'RedeliveryRequested')) options.onError?.(error);
    }
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        const { receivedMessageItems: items } = await queue.receiveMessages({
          numberOfMessages: Math.min(options.batchSize ?? 16, 32),
          visibilityTimeout: options.leaseSeconds ?? 60,
        });
        if (items.length === 0) {
          await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 100));
          continue;
        }
        await Promise.all(
          items.map((item) => invoke(item).catch((error: unknown) => options.onError?.(error))),
        );
      } catch (error) {
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 100));
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
