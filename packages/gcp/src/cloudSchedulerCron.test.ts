import { ScheduleError, parseBeatSchedule } from '@celery-cloud/core';
import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { cloudSchedulerCron } from './cloudSchedulerCron.js';

const cron = (timing: unknown) =>
  cloudSchedulerCron(must(parseBeatSchedule({ entry: { task: 't', schedule: timing } })[0]));

describe('cloudSchedulerCron', () => {
  it('writes intervals as minute or hour steps, or daily', () => {
    expect(cron(60)).toBe('*/1 * * * *');
    expect(cron(600)).toBe('*/10 * * * *');
    expect(cron(10_800)).toBe('0 */3 * * *');
    expect(cron(86_400)).toBe('0 0 * * *');
  });

  it('writes crontabs as five-field Unix cron, weekdays from 0 = Sunday', () => {
    expect(cron({ crontab: { minute: 0, hour: 7, day_of_week: 'mon-fri' } })).toBe('0 7 * * 1-5');
    expect(cron({ crontab: { minute: 5, hour: '*/12', month_of_year: 1 } })).toBe('5 0,12 * 1 *');
  });

  it('refuses intervals under a minute and crontabs restricting both day fields', () => {
    expect(() => cron(30)).toThrow('Cloud Scheduler runs a job at most once a minute, not every 30 s');
    expect(() => cron({ crontab: { day_of_week: 'mon', day_of_month: '13' } })).toThrow(ScheduleError);
  });
});
