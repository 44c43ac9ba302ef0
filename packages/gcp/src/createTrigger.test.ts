import {
  TaskRegistry,
  createRunner,
  defineTask,
  encodeTaskMessage,
  parseKombuJson,
  wrapForTransport,
} from '@celery-cloud/core';
import { MemoryResultStore, testRunner } from '@celery-cloud/core/testing';
import { must, readVectorFiles } from '@celery-cloud/testkit';
import { describeTriggerContract } from '@celery-cloud/testkit/contracts';
import { describe, expect, it } from 'vitest';
import { createTrigger } from './createTrigger.js';

const vectors = readVectorFiles('messages/pubsub').map((f) => [f.name, parseKombuJson(f.text)] as const);

function setup() {
  const backend = new MemoryResultStore();
  const seen: unknown[][] = [];
  const tasks = new TaskRegistry().register(
    defineTask('echo', (_ctx, ...args: unknown[]) => {
      seen.push(args);
      return args.length;
    }),
  );
  const runner = createRunner({ backend, tasks, routes: { '*': 'task://echo' }, logger: { log: () => {} } });
  return { backend, seen, runner };
}

const event = (raw: { data_base64: string; attributes: Record<string, string> }, deliveryAttempt = 1) => ({
  id: 'evt-1',
  data: { message: { data: raw.data_base64, attributes: raw.attributes, messageId: 'm-1' }, deliveryAttempt },
});

describe('Pub/Sub CloudEvent trigger', () => {
  describe('keeps the trigger contract', () =>
    describeTriggerContract({
      setup: (options) =>
        testRunner({
          tasks: new TaskRegistry().register(defineTask('proj.add', (_ctx, a: number, b: number) => a + b)),
          ...options,
        }),
      encodeTaskMessage,
      invoke: (runner, { messageId, message, receiveCount }) => {
        const raw =
          typeof message === 'string'
            ? { data_base64: Buffer.from(message).toString('base64'), attributes: { routing_key: 'celery' } }
            : wrapForTransport(message, 'pubsub');
        return createTrigger({ runner })({
          id: 'evt',
          data: {
            message: { data: raw.data_base64, attributes: raw.attributes, messageId },
            deliveryAttempt: receiveCount,
          },
        });
      },
    }));

  it.each(vectors)('decodes and settles the captured kombu message %s', async (_name, vector) => {
    const v = vector as {
      raw: { data_base64: string; attributes: Record<string, string> };
      expect: {
        id: string;
        args: unknown[];
        task: string;
        expires: string | null;
        kwargs: { it?: unknown[] };
      };
    };
    const { backend, seen, runner } = setup();
    await createTrigger({ runner, queues: [must(v.raw.attributes.routing_key)] })(event(v.raw));
    // The captured expiry is long past; starmap calls the task once per item.
    const expired = v.expect.expires !== null;
    expect((await backend.get(v.expect.id))?.status).toBe(expired ? 'REVOKED' : 'SUCCESS');
    const runs = v.expect.task === 'celery.starmap' ? v.expect.kwargs.it : expired ? [] : [v.expect.args];
    expect(seen).toEqual(runs);
  });

  it('acknowledges a message for another queue without running it', async () => {
    const [, vector] = must(vectors[0]);
    const { backend, seen, runner } = setup();
    const lines: unknown[] = [];
    const logger = { log: (...line: unknown[]) => void lines.push(line) };
    await createTrigger({ runner, queues: ['reports'], logger })(event((vector as { raw: never }).raw));
    expect(seen).toEqual([]);
    expect(backend.writes).toEqual([]);
    expect(lines).toHaveLength(1);
  });

  it('stores TimeLimitExceeded before the function timeout instead of being killed with nothing stored', async () => {
    const [, vector] = must(vectors[0]);
    const raw = (vector as { raw: { data_base64: string; attributes: Record<string, string> } }).raw;
    const id = (vector as { expect: { id: string } }).expect.id;
    const backend = new MemoryResultStore();
    const tasks = new TaskRegistry().register(
      defineTask('slow', (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', resolve))),
    );
    const runner = createRunner({
      backend,
      tasks,
      routes: { '*': 'task://slow' },
      timeSafetyMarginMs: 500,
      logger: { log: () => {} },
    });
    const trigger = createTrigger({ runner, queues: ['celery'], timeoutSeconds: 1 });
    await expect(trigger(event(raw))).resolves.toBeUndefined();
    expect(await backend.get(id)).toMatchObject({
      status: 'FAILURE',
      result: { exc_type: 'TimeLimitExceeded' },
    });
  });
});
