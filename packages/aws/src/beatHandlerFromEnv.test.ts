import { ConfigError, parseBeatSchedule } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { beatHandlerFromEnv } from './beatHandlerFromEnv.js';

const schedule = parseBeatSchedule({ tick: { task: 'proj.tick', schedule: 60 } });

describe('beatHandlerFromEnv', () => {
  it('fails at cold start without a queue to send to', () => {
    expect(() => beatHandlerFromEnv({}, { schedule })).toThrow(ConfigError);
    expect(() => beatHandlerFromEnv({}, { schedule })).toThrow(
      'the beat function needs CELERY_CLOUD_QUEUE_URL (or CELERY_CLOUD_QUEUE_URLS) to publish to',
    );
  });

  it('is built from a queue URL alone: the beat needs no result backend', () => {
    const env = {
      CELERY_CLOUD_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/celery',
      AWS_REGION: 'eu-west-1',
    };
    expect(typeof beatHandlerFromEnv(env, { schedule })).toBe('function');
  });
});
