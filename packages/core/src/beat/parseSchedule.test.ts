import { must } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { ScheduleError } from '../errors.js';
import { beatEntry, parseBeatSchedule } from './parseSchedule.js';

function errorOf(source: unknown): ScheduleError {
  try {
    parseBeatSchedule(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleError);
    return error as ScheduleError;
  }
  throw new Error('the schedule was accepted');
}

describe('parseBeatSchedule', () => {
  it("reads Celery's beat_schedule shape: interval and crontab entries with args, kwargs and options", () => {
    const [every, mornings] = parseBeatSchedule({
      'add-every-10s': {
        task: 'tasks.add',
        schedule: 10,
        args: [2, 3],
        options: { queue: 'fast', expires: 8 },
      },
      'report-mornings': {
        task: 'tasks.report',
        schedule: { crontab: { minute: 0, hour: 7, day_of_week: 'mon-fri' } },
        kwargs: { full: true },
      },
    });
    expect(every).toEqual({
      name: 'add-every-10s',
      task: 'tasks.add',
      timing: { kind: 'interval', seconds: 10 },
      args: [2, 3],
      kwargs: {},
      options: { queue: 'fast', expires: 8 },
    });
    expect(mornings).toMatchObject({
      name: 'report-mornings',
      args: [],
      kwargs: { full: true },
      options: {},
    });
    const { timing } = must(mornings);
    expect(timing.kind === 'crontab' && timing.crontab.day_of_week).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads the JSON text of a schedule file and says when it is not JSON', () => {
    expect(must(parseBeatSchedule('{"tick": {"task": "t", "schedule": 1.5}}')[0]).timing).toEqual({
      kind: 'interval',
      seconds: 1.5,
    });
    expect(errorOf('{"tick": ').message).toMatch(/^beat schedule: is not JSON: /);
    expect(errorOf([]).message).toBe('beat schedule: must be a JSON object of entry name to entry');
  });

  it('names the entry and field of each mistake', () => {
    const cases: Array<[unknown, string | null, string]> = [
      [{ task: '', schedule: 5 }, 'task', 'must be a task name, got ""'],
      [{ task: 't', schedule: 0 }, 'schedule', 'must be a positive number of seconds, got 0'],
      [
        { task: 't', schedule: '5' },
        'schedule',
        'must be a number of seconds or {"crontab": {...}}, got "5"',
      ],
      [{ task: 't', schedule: 5, args: {} }, 'args', 'must be a list'],
      [{ task: 't', schedule: 5, kwargs: [] }, 'kwargs', 'must be an object'],
      [
        { task: 't', schedule: 5, option: {} },
        'option',
        'is not an entry field (task, schedule, args, kwargs, options)',
      ],
      [{ task: 't', schedule: 5, options: { queue: 3 } }, 'options.queue', 'must be a queue name, got 3'],
      [
        { task: 't', schedule: 5, options: { countdown: -1 } },
        'options.countdown',
        'must be a number of seconds ≥ 0, got -1',
      ],
      [
        { task: 't', schedule: 5, options: { task_id: 'x' } },
        'options.task_id',
        'cannot be set: each run gets a fresh task id',
      ],
      [
        { task: 't', schedule: { crontab: { hour: 24 } } },
        'schedule.crontab.hour',
        '24 is out of range 0-23',
      ],
      [
        { task: 't', schedule: { crontab: { day_of_month: 30, month_of_year: 2 } } },
        'schedule.crontab',
        'matches no date: the entry would never run',
      ],
      ['every day', null, 'must be an object with task and schedule'],
    ];
    for (const [entry, field, reason] of cases) {
      const error = errorOf({ nightly: entry });
      expect([error.entry, error.field, error.reason]).toEqual(['nightly', field, reason]);
    }
  });

  it('accepts expires as a date', () => {
    const [entry] = parseBeatSchedule({
      e: { task: 't', schedule: 60, options: { expires: '2030-01-01T00:00:00' } },
    });
    expect(must(entry).options.expires).toBe('2030-01-01T00:00:00');
  });
});

describe('beatEntry', () => {
  const schedule = parseBeatSchedule({ a: { task: 't', schedule: 1 }, b: { task: 'u', schedule: 2 } });

  it('finds an entry by name', () => {
    expect(beatEntry(schedule, 'b').task).toBe('u');
  });

  it('names the entries there are when the name is unknown', () => {
    expect(() => beatEntry(schedule, 'c')).toThrow(
      'beat schedule entry "c": is not in the schedule (entries: a, b)',
    );
  });
});
