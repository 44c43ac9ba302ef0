import { InvocationContext } from '@azure/functions';
import {
  RedeliveryRequested,
  TaskRegistry,
  createRunner,
  defineTask,
  encodeTaskMessage,
  wrapForTransport,
} from '@celery-cloud/core';
import { MemoryResultStore } from '@celery-cloud/core/testing';
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
  it('runs the entry as the host hands it over (parsed JSON, text or bytes) and stores the result', async () => {
    const { backend, runner } = setup();
    const handler = createTrigger({ runner });
    const context = (id: string) => new InvocationContext({ triggerMetadata: { id, dequeueCount: 1 } });
    await handler(JSON.parse(text('parsed')), context('m1'));
    await handler(text('as-text'), context('m2'));
    await handler(Buffer.from(text('as-bytes')), context('m3'));
    for (const id of ['parsed', 'as-text', 'as-bytes']) expect((await backend.get(id))?.result).toBe(5);
  });

  it('throws RedeliveryRequested when the outcome cannot be stored, so the host retries', async () => {
    const { backend, runner } = setup();
    backend.failNextWrites(1);
    const error = await createTrigger({ runner })(
      text('t1'),
      new InvocationContext({ triggerMetadata: { id: 'msg-1', dequeueCount: 2 } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedeliveryRequested);
    expect(error).toMatchObject({
      messageId: 'msg-1',
      reason: expect.stringContaining('result store write failed'),
    });
  });

  it('passes dequeueCount on as the delivery count (a redelivery is checked against the store)', async () => {
    const { backend, runner } = setup();
    await backend.set({
      task_id: 'done',
      status: 'SUCCESS',
      result: 1,
      traceback: null,
      children: [],
      date_done: new Date(),
    });
    await createTrigger({ runner })(
      text('done'),
      new InvocationContext({ triggerMetadata: { id: 'm', dequeueCount: 2 } }),
    );
    expect(backend.reads).toBe(1);
    expect((await backend.get('done'))?.result).toBe(1);
  });
});

describe('Service Bus trigger (kombu azureservicebus; captured-shape invocations, no emulator exists)', () => {
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

  it('throws RedeliveryRequested naming the Service Bus message id', async () => {
    const { backend, runner } = setup();
    backend.failNextWrites(1);
    const context = new InvocationContext({ triggerMetadata: { messageId: 'sb-2', deliveryCount: 1 } });
    await expect(createServiceBusTrigger({ runner })(text('t2'), context)).rejects.toMatchObject({
      name: 'RedeliveryRequested',
      messageId: 'sb-2',
    });
  });
});
