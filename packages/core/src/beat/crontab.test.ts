import { hasPythonCelery, must, runPython } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { ScheduleError } from '../errors.js';
import { crontabMatches, nextCrontabTime, parseCrontab, parseCrontabField } from './crontab.js';

const at = (iso: string) => new Date(iso);

describe('parseCrontabField', () => {
  it('reads *, numbers, steps, ranges, stepped ranges and lists as Celery does', () => {
    expect(parseCrontabField('*/15', 'minute', 'e')).toEqual([0, 15, 30, 45]);
    expect(parseCrontabField('7', 'hour', 'e')).toEqual([7]);
    expect(parseCrontabField('9-12', 'hour', 'e')).toEqual([9, 10, 11, 12]);
    expect(parseCrontabField('0-30/10', 'minute', 'e')).toEqual([0, 10, 20, 30]);
    expect(parseCrontabField('1,15, 20-21', 'day_of_month', 'e')).toEqual([1, 15, 20, 21]);
    expect(parseCrontabField('*/4', 'month_of_year', 'e')).toEqual([1, 5, 9]);
  });

  it('counts weekdays from 0 = Sunday and reads day names', () => {
    expect(parseCrontabField('mon-fri', 'day_of_week', 'e')).toEqual([1, 2, 3, 4, 5]);
    expect(parseCrontabField('sunday,sat', 'day_of_week', 'e')).toEqual([0, 6]);
    expect(parseCrontabField('0', 'day_of_week', 'e')).toEqual([0]);
  });

  it('wraps a range whose end comes before its start', () => {
    expect(parseCrontabField('fri-mon', 'day_of_week', 'e')).toEqual([0, 1, 5, 6]);
    expect(parseCrontabField('22-2', 'hour', 'e')).toEqual([0, 1, 2, 22, 23]);
  });

  it('refuses values out of range, unknown names, bad steps and names outside day_of_week', () => {
    const reason = (text: string, field: Parameters<typeof parseCrontabField>[1]) => {
      try {
        parseCrontabField(text, field, 'nightly');
      } catch (error) {
        expect(error).toBeInstanceOf(ScheduleError);
        expect((error as ScheduleError).entry).toBe('nightly');
        expect((error as ScheduleError).field).toBe(`schedule.crontab.${field}`);
        return (error as Error).message;
      }
      throw new Error(`${text} was accepted`);
    };
    expect(reason('60', 'minute')).toBe(
      'beat schedule entry "nightly", field schedule.crontab.minute: 60 is out of range 0-59',
    );
    expect(reason('7', 'day_of_week')).toMatch(/7 is out of range 0-6/);
    expect(reason('0', 'day_of_month')).toMatch(/0 is out of range 1-31/);
    expect(reason('funday', 'day_of_week')).toMatch(/"funday" is not a number or a day name/);
    expect(reason('mon', 'hour')).toMatch(/"mon" is not a number$/);
    expect(reason('*/0', 'minute')).toMatch(/step "0" is not a positive integer/);
    expect(reason('5/2', 'minute')).toMatch(/a step needs \* or a range/);
    expect(reason('', 'minute')).toMatch(/"" is not a crontab value/);
  });
});

describe('parseCrontab', () => {
  it('takes absent fields as * and numbers as numbers', () => {
    const crontab = parseCrontab({ minute: 0, hour: 7 }, 'morning');
    expect(crontab.minute).toEqual([0]);
    expect(crontab.day_of_week).toHaveLength(7);
    expect(crontab.text).toEqual({
      minute: '0',
      hour: '7',
      day_of_week: '*',
      day_of_month: '*',
      month_of_year: '*',
    });
  });

  it('names an unknown field', () => {
    expect(() => parseCrontab({ minutes: '5' }, 'typo')).toThrow(
      'beat schedule entry "typo", field schedule.crontab.minutes: is not a crontab field',
    );
  });
});

describe('crontabMatches', () => {
  const weekdays = parseCrontab({ minute: '*/15', hour: '9-17', day_of_week: 'mon-fri' }, 'e');

  it('matches a minute every field accepts, in UTC', () => {
    expect(crontabMatches(weekdays, at('2026-01-05T09:45:59Z'))).toBe(true); // a Monday
    expect(crontabMatches(weekdays, at('2026-01-05T09:46:00Z'))).toBe(false);
    expect(crontabMatches(weekdays, at('2026-01-04T09:45:00Z'))).toBe(false); // a Sunday
    expect(crontabMatches(weekdays, at('2026-01-05T18:00:00Z'))).toBe(false);
  });

  it('requires both day fields, as Celery does', () => {
    const mondayFirst = parseCrontab({ minute: 0, hour: 0, day_of_week: 'mon', day_of_month: '1' }, 'e');
    expect(crontabMatches(mondayFirst, at('2026-01-01T00:00:00Z'))).toBe(false); // a Thursday
    expect(crontabMatches(mondayFirst, at('2026-06-01T00:00:00Z'))).toBe(true); // a Monday
  });
});

describe('nextCrontabTime', () => {
  it('is the first matching minute strictly after the given time', () => {
    const quarter = parseCrontab({ minute: '*/15' }, 'e');
    expect(nextCrontabTime(quarter, at('2026-01-05T10:44:30Z'))).toEqual(at('2026-01-05T10:45:00Z'));
    expect(nextCrontabTime(quarter, at('2026-01-05T10:45:00Z'))).toEqual(at('2026-01-05T11:00:00Z'));
    expect(nextCrontabTime(quarter, at('2026-12-31T23:50:00Z'))).toEqual(at('2027-01-01T00:00:00Z'));
  });

  it('finds a leap day on a given weekday years ahead, and null for a date that never comes', () => {
    const leapMonday = parseCrontab(
      { minute: 0, hour: 0, day_of_month: 29, month_of_year: 2, day_of_week: 1 },
      'e',
    );
    expect(nextCrontabTime(leapMonday, at('2026-01-01T00:00:00Z'))).toEqual(at('2044-02-29T00:00:00Z'));
    const never = parseCrontab({ day_of_month: 31, month_of_year: 2 }, 'e');
    expect(nextCrontabTime(never, at('2026-01-01T00:00:00Z'))).toBeNull();
  });
});

// The same questions asked of Celery 5.2.6 itself: the next run after `last_run_at` is
// `now + crontab(...).remaining_estimate(last_run_at)`, asked when it last ran (`now` = `last_run_at`).
const CASES: Array<[Record<string, string | number>, string]> = [
  [{ minute: '*/15' }, '2026-01-05T10:44:30Z'],
  [{ minute: '*/15' }, '2026-01-05T10:45:00Z'],
  [{ minute: 0, hour: 7, day_of_week: 'mon-fri' }, '2026-01-09T08:00:00Z'],
  [{ minute: 30, hour: '*/6', day_of_week: 0 }, '2026-01-05T00:00:00Z'],
  [{ minute: 0, hour: 0, day_of_week: 'mon', day_of_month: '1' }, '2026-01-01T00:30:00Z'],
  [{ minute: '0-30/10', hour: '22-2' }, '2026-03-10T02:25:00Z'],
  [{ minute: 5, hour: 4, day_of_month: '1,15', month_of_year: '*/3' }, '2026-04-15T04:06:00Z'],
  [{ minute: 0, hour: 12, day_of_week: 'fri-mon' }, '2026-01-06T12:00:00Z'],
];

describe.skipIf(!hasPythonCelery())("Celery's own crontab", () => {
  it('gives the same next run for each case', async () => {
    const script = `
import json, sys
from datetime import datetime, timezone
from celery.schedules import crontab
for fields, last in json.load(sys.stdin):
    c = crontab(**{k: str(v) for k, v in fields.items()})
    last = datetime.fromisoformat(last.replace('Z', '+00:00'))
    c.nowfun = lambda: last
    print((last + c.remaining_estimate(last)).astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'))
`;
    const run = await runPython(script, { input: JSON.stringify(CASES) });
    expect(run.stderr).toBe('');
    const celery = run.stdout.trim().split('\n');
    const ours = CASES.map(([fields, last]) =>
      must(nextCrontabTime(parseCrontab(fields, 'case'), at(last)))
        .toISOString()
        .replace('.000Z', 'Z'),
    );
    expect(ours).toEqual(celery);
  });
});
