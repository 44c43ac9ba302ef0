import { ScheduleError, parseBeatSchedule } from '@celery-cloud/core';
import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { ncrontabSchedule } from './ncrontabSchedule.js';

const schedule = (timing: unknown) =>
  ncrontabSchedule(must(parseBeatSchedule({ entry: { task: 't', schedule: timing } })[0]));

describe('ncrontabSchedule', () => {
  it('writes intervals as clock steps of the seconds, minutes or hours field', () => {
    expect(schedule(10)).toBe('*/10 * * * * *');
    expect(schedule(60)).toBe('0 */1 * * * *');
    expect(schedule(900)).toBe('0 */15 * * * *');
    expect(schedule(21_600)).toBe('0 0 */6 * * *');
    expect(schedule(86_400)).toBe('0 0 0 * * *');
  });

  it('writes crontabs with a zero seconds field and weekdays from 0 = Sunday, as Celery counts', () => {
    expect(schedule({ crontab: { minute: 0, hour: 7, day_of_week: 'mon-fri' } })).toBe('0 0 7 * * 1-5');
    expect(schedule({ crontab: { minute: '*/20', day_of_month: '1' } })).toBe('0 0,20,40 * 1 * *');
  });

  it('refuses intervals no clock step repeats and crontabs restricting both day fields', () => {
    expect(() => schedule(45)).toThrow('An Azure timer cannot run every 45 s');
    expect(() => schedule({ crontab: { day_of_week: 'sun', day_of_month: '1' } })).toThrow(ScheduleError);
  });
});
