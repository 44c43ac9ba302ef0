/**
 * Azure Functions triggers (v4 programming model): a Storage Queue or Service Bus message in,
 * the runner's outcome out. One invocation carries one message.
 */
import type { InvocationContext } from '@azure/functions';
import {
  type KombuEnvelope,
  RedeliveryRequested,
  type Trigger,
  type TriggerOptions,
} from '@celery-cloud/core';

/** Options of the Azure triggers: the runner, as every trigger takes. */
export type AzureTriggerOptions = TriggerOptions;

/** A queue entry as the host hands it over: text, bytes, or JSON it already parsed. */
function payloadOf(entry: unknown): string | KombuEnvelope {
  if (typeof entry === 'string') return entry;
  if (Buffer.isBuffer(entry) || entry instanceof Uint8Array) return Buffer.from(entry).toString('utf8');
  return entry as KombuEnvelope;
}

function field(context: InvocationContext, name: string): unknown {
  return context.triggerMetadata?.[name];
}

/**
 * The `app.storageQueue` handler: runs the message and throws {@link RedeliveryRequested} when it
 * must come back (the host then retries it, and moves it to `<queue>-poison` after
 * `maxDequeueCount`). Needs `extensions.queues.messageEncoding: "none"` in host.json, since kombu
 * writes plain JSON.
 *
 * @example
 * ```ts
 * app.storageQueue('celery', { queueName: 'celery', connection: 'AzureWebJobsStorage', handler: createTrigger({ runner }) });
 * ```
 */
export function createTrigger(options: AzureTriggerOptions): Trigger<[unknown, InvocationContext]> {
  return async (entry: unknown, context: InvocationContext): Promise<void> => {
    const id = String(field(context, 'id') ?? context.invocationId);
    const deliveries = Number(field(context, 'dequeueCount') ?? 1) || 1;
    await settle(options, entry, id, deliveries);
  };
}

/**
 * The `app.serviceBusQueue` handler for kombu's `azureservicebus` transport (docs/protocol.md §5.3): the same,
 * with the delivery count and message id of Service Bus.
 *
 * @example
 * ```ts
 * app.serviceBusQueue('celery', { queueName: 'celery', connection: 'ServiceBusConnection', handler: createServiceBusTrigger({ runner }) });
 * ```
 */
export function createServiceBusTrigger(options: AzureTriggerOptions): Trigger<[unknown, InvocationContext]> {
  return async (entry: unknown, context: InvocationContext): Promise<void> => {
    const id = String(field(context, 'messageId') ?? context.invocationId);
    const deliveries = Number(field(context, 'deliveryCount') ?? 1) || 1;
    await settle(options, entry, id, deliveries);
  };
}

async function settle(options: AzureTriggerOptions, entry: unknown, messageId: string, receiveCount: number) {
  const [outcome] = await options.runner.runBatch([
    { messageId, transport: 'azure-queue', payload: payloadOf(entry), receiveCount },
  ]);
  if (outcome?.action === 'redeliver') throw new RedeliveryRequested(messageId, outcome.reason);
}
