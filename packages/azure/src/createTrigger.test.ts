import { InvocationContext } from '@azure/functions';
import {
  TaskRegistry,
  createRunner,
  defineTask,
  encodeTaskMessage,
  wrapForTransport,
} from '@celery-cloud/core';
import { MemoryResultStore, testRunner } from '@celery-cloud/core/testing';
import { describeTriggerContract } from '@celery-cloud/testkit/contracts';
import { describe, expect, it } from 'vitest';
import { createServiceBusTrigger, createTrigger } from './createTrigger.js';

const tasks = new TaskRegistry().register(defineTask('proj.add', (_ctx, a: number, b: number) => a + b));
const text = (id: string) =>
  wrapForTransport(encodeTaskMessage({ id, task: 'proj.add', args: [2, 3], kwargs: {} }), 'azure-queue');

function setup() {
  const backend = new MemoryResultStore();
  const runner = createRunner({ backend, tasks, logger: { log: () => {} } });
  return { backend, runner };
}

describe('Storage Queue trigger', () => {
  describe('keeps the trigger contract', () =>
    describeTriggerContract({
      setup: (options) => testRunner({ tasks, ...options }),
      encodeTaskMessage,
      invoke: (runner, { messageId, message, receiveCount }) =>
        createTrigger({ runner })(
          typeof message === 'string' ? message : wrapForTransport(message, 'azure-queue'),
          new InvocationContext({ triggerMetadata: { id: messageId, dequeueCount: receiveCount } }),
        ),
    }));

  it('runs the entry as the host hands it over (parsed JSON, text or bytes) and stores the result', async () => {
    const { backend, runner } = setup();
    const handler = createTrigger({ runner });
    const context = (id: string) => new InvocationContext({ triggerMetadata: { id, dequeueCount: 1 } });
    await handler(JSON.parse(text('parsed')), context('m1'));
    await handler(text('as-text'), context('m2'));
    await handler(Buffer.from(text('as-bytes')), context('m3'));
    for (const id of ['parsed', 'as-text', 'as-bytes']) expect((await backend.get(id))?.result).toBe(5);
  });
});

describe('Service Bus trigger (kombu azureservicebus; captured-shape invocations, no emulator exists)', () => {
  describe('keeps the trigger contract', () =>
    describeTriggerContract({
      setup: (options) => testRunner({ tasks, ...options }),
      encodeTaskMessage,
      // The host hands a kombu message over as the JSON body it parsed.
      invoke: (runner, { messageId, message, receiveCount }) =>
        createServiceBusTrigger({ runner })(
          typeof message === 'string' ? message : JSON.parse(wrapForTransport(message, 'azure-queue')),
          new InvocationContext({ triggerMetadata: { messageId, deliveryCount: receiveCount } }),
        ),
    }));

  it('runs the message body with the Service Bus delivery count and message id', async () => {
    const { backend, runner } = setup();
    // What the host passes for a kombu message: the JSON body, parsed, and the broker properties.
    const context = new InvocationContext({
      triggerMetadata: {
        messageId: 'sb-1',
        deliveryCount: 1,
        enqueuedTimeUtc: '2026-11-24T10:00:00Z',
        contentType: null,
      },
    });
    await createServiceBusTrigger({ runner })(JSON.parse(text('sb-task')), context);
    expect((await backend.get('sb-task'))?.result).toBe(5);
  });
});
