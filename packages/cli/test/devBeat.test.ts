import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createResultStore, handlerFromEnv } from '@celery-cloud/aws';
import { createPublisher } from '@celery-cloud/aws';
import {
  TaskRegistry,
  createBeat,
  createJsonLogger,
  decodeMessage,
  defineTask,
  parseBeatSchedule,
} from '@celery-cloud/core';
import { capturingLogger, steppingClock } from '@celery-cloud/core/testing';
import {
  type LocalAwsStackWithConfig,
  startEventSourceMapping,
  startLocalAwsStack,
} from '@celery-cloud/local/aws';
import { DEBIAN_PYTHON, hasPythonCelery, must, runPython } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevProcess, startDevProcess } from './devProcess.js';

const SENT = /^beat: sent add-every-2s -> tasks\.add \[(\S+)\]$/;

describe.skipIf(!hasPythonCelery())(
  `celery-cloud dev --provider aws --beat, read back with ${DEBIAN_PYTHON} Celery 5.2`,
  () => {
    let dev: DevProcess;
    let dir: string;
    // Each `beat: sent` line and when it arrived.
    const sent: Array<{ taskId: string; at: number }> = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'beat-'));
      const file = join(dir, 'beat.json');
      writeFileSync(
        file,
        JSON.stringify({ 'add-every-2s': { task: 'tasks.add', schedule: 2, args: [40, 2] } }),
      );
      dev = await startDevProcess([
        '--tasks',
        'examples/tasks.ts',
        '--summary-interval',
        '0',
        '--beat',
        file,
      ]);
      let partial = '';
      dev.child.stderr.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          const match = SENT.exec(line);
          if (match) sent.push({ taskId: must(match[1]), at: Date.now() });
        }
      });
    });

    afterAll(async () => {
      dev?.child.kill('SIGTERM');
      await dev?.exited;
      rmSync(dir, { recursive: true, force: true });
    });

    it('sends the entry every 2 s under a fresh task id, and each run is stored SUCCESS', async () => {
      await expect.poll(() => sent.length, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(3);
      const runs = sent.slice(0, 3);
      expect(new Set(runs.map((r) => r.taskId)).size).toBe(3);
      // On time: one interval apart, give or take the machine's scheduling (a loaded 2-core CI
      // machine delays a timer and the pipe, each line by its own amount, by up to a second or so);
      // a missed or doubled run is 2 s off, outside the 1.5 s allowed.
      for (const [i, run] of runs.slice(1).entries())
        expect(Math.abs(run.at - must(runs[i]).at - 2000)).toBeLessThan(1500);
      for (const { taskId } of runs)
        await expect
          .poll(() => dev.stderr(), { timeout: 15_000 })
          .toMatch(new RegExp(`^task ${taskId} tasks\\.add SUCCESS`, 'm'));
    }, 60_000);

    it("stores each run where the Python client's AsyncResult(id).get() reads it", async () => {
      const python = `
import json, sys
from celery import Celery
config = json.loads(sys.argv[1])
app = Celery('client', broker=config['broker_url'], backend=config['backend_url'])
app.conf.broker_transport_options = config['transport_options']
result = app.AsyncResult(sys.argv[2])
print(json.dumps({'value': result.get(timeout=30), 'state': result.state}))
`;
      const run = await runPython(python, {
        args: [JSON.stringify(dev.config), must(sent[0]).taskId],
        timeoutMs: 45_000,
      });
      expect(run.stderr).not.toMatch(/Traceback/);
      expect(JSON.parse(run.stdout)).toEqual({ value: 42, state: 'SUCCESS' });
    }, 60_000);
  },
);

describe('a beat on the local AWS stack with a fake clock', () => {
  let stack: LocalAwsStackWithConfig;
  beforeAll(async () => {
    stack = await startLocalAwsStack();
  });
  afterAll(() => stack?.stop());

  it('sends a crontab entry at each minute it matches and an interval entry at each interval, and the worker runs them to SUCCESS', async () => {
    const clock = steppingClock('2026-01-05T09:59:30Z'); // a Monday
    const schedule = parseBeatSchedule({
      'weekday-minutes': {
        task: 'proj.add',
        schedule: { crontab: { minute: '*', hour: '10', day_of_week: 'mon-fri' } },
        args: [1, 2],
      },
      'every-45s': { task: 'proj.add', schedule: 45, args: [3, 4] },
    });
    const beat = createBeat({
      schedule,
      publisher: createPublisher({ client: stack.sqs, queueUrl: stack.queueUrl }),
      logger: capturingLogger(),
      clock,
    });
    clock.advance(30); // 10:00:00: the crontab's first minute
    const first = await beat.tick();
    expect(first.map((r) => [r.entry, r.dueAt.toISOString()])).toEqual([
      ['weekday-minutes', '2026-01-05T10:00:00.000Z'],
    ]);
    clock.advance(90); // 10:01:30
    const second = await beat.tick();
    // every-45s was due at 10:00:15 and 10:01:00: sent once, as celery beat does after a pause.
    expect(second.map((r) => [r.entry, r.dueAt.toISOString()])).toEqual([
      ['weekday-minutes', '2026-01-05T10:01:00.000Z'],
      ['every-45s', '2026-01-05T10:01:00.000Z'],
    ]);
    expect(beat.next()).toEqual(new Date('2026-01-05T10:01:45.000Z'));
    clock.advance(15); // 10:01:45
    const third = await beat.tick();
    expect(third.map((r) => [r.entry, r.dueAt.toISOString()])).toEqual([
      ['every-45s', '2026-01-05T10:01:45.000Z'],
    ]);
    const runs = [...first, ...second, ...third];
    expect(new Set(runs.map((r) => r.taskId)).size).toBe(4);

    const tasks = new TaskRegistry().register(defineTask('proj.add', (_ctx, a: number, b: number) => a + b));
    const bodies: string[] = [];
    const handler = handlerFromEnv(stack.env, { tasks, logger: createJsonLogger({ level: 'error' }) });
    const mapping = startEventSourceMapping({
      sqs: stack.sqs,
      queueUrl: stack.queueUrl,
      handler: (event, context) => {
        bodies.push(...event.Records.map((r) => r.body));
        return handler(event as never, context);
      },
    });
    const store = createResultStore({ client: stack.dynamo, table: stack.table });
    try {
      await expect
        .poll(async () => Promise.all(runs.map(async (r) => (await store.get(r.taskId))?.result)), {
          timeout: 20_000,
        })
        .toEqual([3, 3, 7, 7]);
    } finally {
      await mapping.stop();
    }
    expect(bodies.map((b) => decodeMessage('sqs', b).protocol)).toEqual([2, 2, 2, 2]);
  });
});
