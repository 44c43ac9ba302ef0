import { must } from '@celery-cloud/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeMessage } from '../codec/index.js';
import { MemoryPublisher } from '../memory/index.js';
import { capturingLogger, steppingClock } from '../testing/index.js';
import { parseBeatSchedule } from './parseSchedule.js';
import { createBeat, startBeat } from './startBeat.js';

const schedule = parseBeatSchedule({
  add: { task: 'tasks.add', schedule: 30, args: [2, 3], options: { queue: 'fast', expires: 25 } },
  report: { task: 'tasks.report', schedule: { crontab: { minute: '*' } }, kwargs: { full: true } },
});

describe('createBeat', () => {
  it('publishes each due run as a protocol-2 message with a fresh id, then nothing until the next', async () => {
    const clock = steppingClock('2026-01-05T10:00:10Z');
    const publisher = new MemoryPublisher();
    const beat = createBeat({ schedule, publisher, logger: capturingLogger(), clock });
    expect(beat.next()).toEqual(new Date('2026-01-05T10:00:40Z'));
    clock.advance(30); // 10:00:40: add
    clock.advance(25); // 10:01:05: report at 10:01:00 too
    const runs = [...(await beat.tick())];
    clock.advance(5); // 10:01:10: add again
    runs.push(...(await beat.tick()));
    expect(runs.map((r) => [r.entry, r.dueAt.toISOString()])).toEqual([
      ['add', '2026-01-05T10:00:40.000Z'],
      ['report', '2026-01-05T10:01:00.000Z'],
      ['add', '2026-01-05T10:01:10.000Z'],
    ]);
    expect(new Set(runs.map((r) => r.taskId)).size).toBe(3);
    const [first, second] = publisher.published;
    expect(must(first).queue).toBe('fast');
    expect(must(second).queue).toBe('celery');
    const task = decodeMessage('sqs', JSON.stringify(must(first).envelope));
    expect(task).toMatchObject({
      protocol: 2,
      id: must(runs[0]).taskId,
      task: 'tasks.add',
      args: [2, 3],
      root_id: must(runs[0]).taskId,
    });
    expect(task.expires).toBe('2026-01-05T10:01:30+00:00');
    expect(await beat.tick()).toEqual([]);
  });

  it('sends runs missed while it could not send once, at the latest, as celery beat does', async () => {
    const clock = steppingClock('2026-01-05T10:00:10Z');
    const publisher = new MemoryPublisher();
    const beat = createBeat({ schedule, publisher, logger: capturingLogger(), clock });
    clock.advance(3600); // an hour asleep: 120 runs of add, 60 of report
    expect((await beat.tick()).map((r) => [r.entry, r.dueAt.toISOString()])).toEqual([
      ['report', '2026-01-05T11:00:00.000Z'],
      ['add', '2026-01-05T11:00:10.000Z'],
    ]);
    expect(publisher.published).toHaveLength(2);
  });

  it('logs a failed publish and goes on with the next run', async () => {
    const clock = steppingClock('2026-01-05T10:00:10Z');
    const publisher = new MemoryPublisher();
    const logger = capturingLogger();
    const beat = createBeat({ schedule, publisher, logger, clock });
    publisher.failNextPublishes(1);
    clock.advance(50);
    expect((await beat.tick()).map((r) => r.entry)).toEqual(['report']);
    expect(logger.lines.find((l) => l.level === 'error')).toMatchObject({
      message: 'beat: could not send',
      fields: { entry: 'add', error: 'memory publisher: injected publish failure' },
    });
  });
});

describe('startBeat', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('wakes when a run is due and publishes it, until stopped', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-05T10:00:10Z') });
    const publisher = new MemoryPublisher();
    const sent: string[] = [];
    const beat = startBeat({
      schedule: parseBeatSchedule({ tick: { task: 'tasks.tick', schedule: 2 } }),
      publisher,
      logger: capturingLogger(),
      onPublished: (run) => sent.push(run.dueAt.toISOString()),
    });
    await vi.advanceTimersByTimeAsync(1999);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['2026-01-05T10:00:12.000Z']);
    await vi.advanceTimersByTimeAsync(4000);
    expect(sent).toHaveLength(3);
    await beat.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(publisher.published).toHaveLength(3);
  });
});
