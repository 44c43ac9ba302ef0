import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { ScheduleError } from '../errors.js';
import { clockInterval, cronFieldText, restrictedDayField, unixCronFields } from './cronText.js';
import { parseCrontab } from './crontab.js';
import { parseBeatSchedule } from './parseSchedule.js';

const [entry] = parseBeatSchedule({ e: { task: 't', schedule: 60 } });

describe('cronFieldText', () => {
  it('writes * for every value, else values and runs of three or more as ranges', () => {
    expect(cronFieldText(parseCrontab({}, 'e').minute, 'minute')).toBe('*');
    expect(cronFieldText([0, 15, 30, 45], 'minute')).toBe('0,15,30,45');
    expect(cronFieldText([1, 2, 5, 6, 7, 9], 'hour')).toBe('1,2,5-7,9');
  });

  it('shifts each value for dialects counting from elsewhere', () => {
    expect(cronFieldText([0, 1, 2, 3, 4, 5], 'day_of_week', 1)).toBe('1-6');
  });
});

describe('restrictedDayField', () => {
  it('says which day field is restricted, if any', () => {
    expect(restrictedDayField(must(entry), parseCrontab({ day_of_week: 'mon' }, 'e'), 'X')).toBe(
      'day_of_week',
    );
    expect(restrictedDayField(must(entry), parseCrontab({ day_of_month: '1' }, 'e'), 'X')).toBe(
      'day_of_month',
    );
    expect(restrictedDayField(must(entry), parseCrontab({}, 'e'), 'X')).toBeNull();
  });

  it('refuses both, naming the cloud that cannot express it', () => {
    expect(() =>
      restrictedDayField(
        must(entry),
        parseCrontab({ day_of_week: 'mon', day_of_month: '1' }, 'e'),
        'EventBridge',
      ),
    ).toThrow(
      /^beat schedule entry "e", field schedule.crontab: EventBridge cannot run on days that match both/,
    );
  });
});

describe('clockInterval', () => {
  it('is the largest clock unit the interval steps through evenly', () => {
    expect(clockInterval(must(entry), 15, 'X')).toEqual({ unit: 'second', every: 15 });
    expect(clockInterval(must(entry), 60, 'X')).toEqual({ unit: 'minute', every: 1 });
    expect(clockInterval(must(entry), 300, 'X')).toEqual({ unit: 'minute', every: 5 });
    expect(clockInterval(must(entry), 7200, 'X')).toEqual({ unit: 'hour', every: 2 });
    expect(clockInterval(must(entry), 86_400, 'X')).toEqual({ unit: 'day', every: 1 });
  });

  it('refuses an interval no clock step repeats evenly', () => {
    for (const seconds of [7, 90, 25_200, 172_800, 0.5]) {
      expect(() => clockInterval(must(entry), seconds, 'Azure')).toThrow(ScheduleError);
    }
    expect(() => clockInterval(must(entry), 90, 'Azure')).toThrow('Azure cannot run every 90 s');
  });
});

describe('unixCronFields', () => {
  it('writes minute, hour, day of month, month and day of week', () => {
    const crontab = parseCrontab({ minute: '0', hour: '7', day_of_week: 'mon-fri' }, 'e');
    expect(unixCronFields(must(entry), crontab, 'X')).toBe('0 7 * * 1-5');
  });

  it('refuses a crontab restricting both day fields, naming the cloud', () => {
    const crontab = parseCrontab({ day_of_week: 'mon', day_of_month: '1' }, 'e');
    expect(() => unixCronFields(must(entry), crontab, 'Cloud Scheduler')).toThrow(
      /Cloud Scheduler cannot run/,
    );
  });
});
