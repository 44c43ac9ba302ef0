import { ConfigError, encodeTaskMessage, wrapForTransport } from '@celery-cloud/core';
import { describeHandlerPluginContract } from '@celery-cloud/testkit/contracts';
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
  // The task is sent with the ignore_result header, so a SUCCESS is acknowledged without a write.
  describeHandlerPluginContract({
    env: offline,
    handlerFromEnv,
    encodeTaskMessage,
    deliver: (handler, task, id) => {
      const { data_base64 } = wrapForTransport(task, 'pubsub');
      return handler({
        id: `evt-${id}`,
        data: { message: { data: data_base64, attributes: { routing_key: 'celery' }, messageId: `m-${id}` } },
      });
    },
    acknowledged: undefined,
    remoteRoute: 'gcf://region/project/fn',
    configError: ConfigError,
  });
});
