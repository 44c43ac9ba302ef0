import { ConfigError, parseBeatSchedule } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { beatTimersFromEnv } from './beatTimersFromEnv.js';

const schedule = parseBeatSchedule({
  'tick every 10s': { task: 'proj.tick', schedule: 10 },
  nightly: { task: 'proj.report', schedule: { crontab: { minute: 0, hour: 2 } } },
});

describe('beatTimersFromEnv', () => {
  it('gives one timer per entry, named for it, with its NCRONTAB schedule', () => {
    const timers = beatTimersFromEnv({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }, { schedule });
    expect(timers.map((t) => [t.name, t.schedule])).toEqual([
      ['beat-tick-every-10s', '*/10 * * * * *'],
      ['beat-nightly', '0 0 2 * * *'],
    ]);
  });

  it('fails at start-up without a storage account to send to', () => {
    expect(() => beatTimersFromEnv({}, { schedule })).toThrow(ConfigError);
  });
});
