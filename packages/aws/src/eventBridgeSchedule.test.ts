import { ScheduleError, parseBeatSchedule } from '@celery-cloud/core';
import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { eventBridgeScheduleExpression } from './eventBridgeSchedule.js';

const expression = (schedule: unknown) =>
  eventBridgeScheduleExpression(must(parseBeatSchedule({ entry: { task: 't', schedule } })[0]));

describe('eventBridgeScheduleExpression', () => {
  it('writes whole-minute intervals as rate() in the largest unit', () => {
    expect(expression(60)).toBe('rate(1 minute)');
    expect(expression(300)).toBe('rate(5 minutes)');
    expect(expression(7200)).toBe('rate(2 hours)');
    expect(expression(172_800)).toBe('rate(2 days)');
  });

  it('writes crontabs as six-field cron(), weekdays counted from 1 = Sunday, the other day field ?', () => {
    expect(expression({ crontab: { minute: '*/15' } })).toBe('cron(0,15,30,45 * * * ? *)');
    expect(expression({ crontab: { minute: 0, hour: 7, day_of_week: 'mon-fri' } })).toBe(
      'cron(0 7 ? * 2-6 *)',
    );
    expect(expression({ crontab: { minute: 0, hour: 0, day_of_week: 0 } })).toBe('cron(0 0 ? * 1 *)');
    expect(expression({ crontab: { minute: 30, hour: 4, day_of_month: '1,15', month_of_year: '*/3' } })).toBe(
      'cron(30 4 1,15 1,4,7,10 ? *)',
    );
  });

  it('refuses what EventBridge cannot express, naming the entry', () => {
    expect(() => expression(30)).toThrow(ScheduleError);
    expect(() => expression(90)).toThrow(
      'beat schedule entry "entry", field schedule: EventBridge Scheduler runs schedules in whole minutes',
    );
    expect(() => expression({ crontab: { day_of_week: 'mon', day_of_month: '1' } })).toThrow(
      /EventBridge Scheduler cannot run on days that match both day_of_week and day_of_month/,
    );
  });
});
