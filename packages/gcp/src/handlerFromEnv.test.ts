import {
  ConfigError,
  type ExecutorPlugin,
  type TaskCall,
  encodeTaskMessage,
  wrapForTransport,
} from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { handlerFromEnv } from './handlerFromEnv.js';

// Nothing listens there: a handler that tried to reach Firestore or Pub/Sub would fail.
const offline = {
  GOOGLE_CLOUD_PROJECT: 'celery-cloud-test',
  FIRESTORE_EMULATOR_HOST: '127.0.0.1:9',
  PUBSUB_EMULATOR_HOST: '127.0.0.1:9',
};

const messageFor = (queue: string) => {
  const task = encodeTaskMessage({ id: 't-1', task: 'proj.add', args: [1, 2], kwargs: {} });
  const { data_base64 } = wrapForTransport(task, 'pubsub');
  return {
    id: 'evt-1',
    data: { message: { data: data_base64, attributes: { routing_key: queue }, messageId: 'm-1' } },
  };
};

describe('handlerFromEnv', () => {
  it('refuses a result backend that is not firestore://, naming what is wrong', () => {
    expect(() => handlerFromEnv({ ...offline, CELERY_RESULT_BACKEND: 'gs://bucket/results' })).toThrow(
      ConfigError,
    );
  });

  it('refuses a result TTL that is not a positive integer, naming the variable', () => {
    expect(() => handlerFromEnv({ ...offline, CELERY_CLOUD_RESULT_TTL_SECONDS: 'a day' })).toThrow(
      /CELERY_CLOUD_RESULT_TTL_SECONDS/,
    );
  });

  it('acknowledges, without running or storing, a message for a queue outside CELERY_CLOUD_QUEUES', async () => {
    const lines: Array<[string, string, Record<string, unknown>?]> = [];
    const handler = handlerFromEnv(
      { ...offline, CELERY_CLOUD_QUEUES: 'celery, reports,' },
      { logger: { log: (level, msg, fields) => void lines.push([level, msg, fields]) } },
    );
    await expect(handler(messageFor('emails'))).resolves.toBeUndefined();
    expect(lines).toEqual([
      [
        'info',
        'message for another queue acknowledged without running',
        { messageId: 'm-1', routingKey: 'emails' },
      ],
    ]);
  });
});

describe('handlerFromEnv plugins', () => {
  const echoMessage = (id: string) => {
    const task = encodeTaskMessage({
      id,
      task: 'proj.echo',
      args: [1, 'two'],
      kwargs: {},
      ignore_result: true,
    });
    const { data_base64 } = wrapForTransport(task, 'pubsub');
    return {
      id: `evt-${id}`,
      data: { message: { data: data_base64, attributes: { routing_key: 'celery' }, messageId: `m-${id}` } },
    };
  };
  function echoPlugin(scheme = 'echo') {
    const calls: Array<{ route: string; call: TaskCall }> = [];
    const plugin: ExecutorPlugin = {
      scheme,
      create: (route) => ({
        execute: async (call) => {
          calls.push({ route: route.href, call });
          return { status: 'success', value: call.args };
        },
      }),
    };
    return { plugin, calls };
  }
  const quiet = { log: () => {} };
  // The task is sent with the ignore_result header, so a SUCCESS is acknowledged without a write.
  const env = { ...offline, TASKS: JSON.stringify({ 'proj.echo': 'echo://anywhere/echo' }) };

  it('runs a task routed to a scheme of a plugin it was given through that plugin', async () => {
    const { plugin, calls } = echoPlugin();
    const handler = handlerFromEnv(env, { plugins: [plugin], logger: quiet });
    await expect(handler(echoMessage('t-1'))).resolves.toBeUndefined();
    expect(calls).toEqual([
      { route: 'echo://anywhere/echo', call: expect.objectContaining({ id: 't-1', args: [1, 'two'] }) },
    ]);
  });

  it('refuses at cold start a route to a scheme no plugin serves', () => {
    expect(() => handlerFromEnv(env, { logger: quiet })).toThrow(ConfigError);
  });

  it('lets a plugin replace the gcf:// invoker', async () => {
    const { plugin, calls } = echoPlugin('gcf');
    const gcfEnv = { ...offline, TASKS: JSON.stringify({ 'proj.echo': 'gcf://region/project/fn' }) };
    const handler = handlerFromEnv(gcfEnv, { plugins: [plugin], logger: quiet });
    await expect(handler(echoMessage('t-2'))).resolves.toBeUndefined();
    expect(calls.map((c) => c.route)).toEqual(['gcf://region/project/fn']);
  });
});
