import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../codec/index.js';
import { ScheduleError } from '../errors.js';
import { MemoryPublisher } from '../memory/index.js';
import { capturingLogger } from '../testing/index.js';
import { beatSenderFromEnv, createBeatSender } from './beatSender.js';
import { parseBeatSchedule } from './parseSchedule.js';

const schedule = parseBeatSchedule({
  report: { task: 'proj.reports.daily', schedule: 60, kwargs: { full: true } },
  add: { task: 'proj.tasks.add', schedule: 60, args: [1, 2], options: { queue: 'fast' } },
});

describe('createBeatSender', () => {
  it('sends the named entry under a fresh id each time and logs it', async () => {
    const publisher = new MemoryPublisher();
    const logger = capturingLogger();
    const send = createBeatSender({ schedule, publisher, logger });
    const ids = [await send('report'), await send('report')];
    expect(ids[0]).not.toBe(ids[1]);
    expect(publisher.published.map((p) => decodeMessage('sqs', JSON.stringify(p.envelope)).id)).toEqual(ids);
    expect(logger.lines[0]).toMatchObject({
      level: 'info',
      message: 'beat: sent',
      fields: { entry: 'report', task: 'proj.reports.daily', taskId: ids[0] },
    });
  });

  it('logs and throws a ScheduleError for an entry the schedule does not have, sending nothing', async () => {
    const publisher = new MemoryPublisher();
    const logger = capturingLogger();
    const send = createBeatSender({ schedule, publisher, logger });
    await expect(send('nightly')).rejects.toBeInstanceOf(ScheduleError);
    expect(logger.lines).toMatchObject([
      { level: 'error', message: 'beat: could not send', fields: { entry: 'nightly' } },
    ]);
    expect(publisher.published).toEqual([]);
  });

  it('refuses a name that is not a string, as an event without an entry brings', async () => {
    const send = createBeatSender({ schedule, publisher: new MemoryPublisher(), logger: capturingLogger() });
    await expect(send(undefined as unknown as string)).rejects.toThrow(
      'beat schedule field entry: the event names no entry, got undefined',
    );
  });
});

describe('beatSenderFromEnv', () => {
  it("routes entries naming no queue with Celery's task_routes, then the default queue", async () => {
    const publisher = new MemoryPublisher();
    const send = beatSenderFromEnv(
      {
        CELERY_TASK_ROUTES: '{"proj.reports.*": {"queue": "reports"}}',
        CELERY_TASK_DEFAULT_QUEUE: 'work',
        CELERY_CLOUD_LOG_LEVEL: 'error',
      },
      {
        schedule: parseBeatSchedule({
          r: { task: 'proj.reports.daily', schedule: 60 },
          a: { task: 'proj.tasks.add', schedule: 60 },
        }),
        publisher,
      },
    );
    await send('r');
    await send('a');
    expect(publisher.published.map((p) => p.queue)).toEqual(['reports', 'work']);
  });
});
