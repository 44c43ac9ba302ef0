import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { beat } from './beat.js';

const dir = mkdtempSync(join(tmpdir(), 'beat-command-'));
function scheduleFile(name: string, schedule: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(schedule));
  return file;
}

async function run(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await beat(argv, { stdin: new PassThrough(), stdout, stderr, env: {} });
  return { code, out: `${stdout.read() ?? ''}`, err: `${stderr.read() ?? ''}` };
}

const example = scheduleFile('example.json', {
  'every-5-min': { task: 'proj.report', schedule: 300 },
  'mornings it': { task: 'proj.mail', schedule: { crontab: { minute: 0, hour: 7, day_of_week: 'mon-fri' } } },
});

describe('celery-cloud beat', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one SAM ScheduleV2 event per entry for aws, its input naming the entry', async () => {
    const { code, out, err } = await run(['--template', 'aws', '--schedule', example]);
    expect([code, err]).toEqual([0, '']);
    expect(out).toContain(
      [
        '        BeatEvery5Min:',
        '          Type: ScheduleV2',
        '          Properties:',
        "            Description: 'celery beat entry every-5-min: proj.report'",
        "            ScheduleExpression: 'rate(5 minutes)'",
        '            ScheduleExpressionTimezone: UTC',
        `            Input: '{"entry":"every-5-min"}'`,
      ].join('\n'),
    );
    expect(out).toContain('        BeatMorningsIt:\n');
    expect(out).toContain("ScheduleExpression: 'cron(0 7 ? * 2-6 *)'");
  });

  it('prints the timers for azure and the scheduler jobs for gcp, one tab-separated line per entry', async () => {
    expect((await run(['--template', 'azure', '--schedule', example])).out).toBe(
      'beat-every-5-min\t0 */5 * * * *\nbeat-mornings-it\t0 0 7 * * 1-5\n',
    );
    expect((await run(['--template', 'gcp', '--schedule', example])).out).toBe(
      'beat-every-5-min\t*/5 * * * *\t{"entry":"every-5-min"}\nbeat-mornings-it\t0 7 * * 1-5\t{"entry":"mornings it"}\n',
    );
  });

  it('exits 2 naming the entry a cloud cannot express, printing nothing', async () => {
    const file = scheduleFile('fast.json', { fast: { task: 't', schedule: 30 } });
    const result = await run(['--template', 'aws', '--schedule', file]);
    expect(result).toMatchObject({ code: 2, out: '' });
    expect(result.err).toMatch(
      /^beat: beat schedule entry "fast", field schedule: EventBridge Scheduler runs schedules in whole minutes/,
    );
  });

  it('exits 2 for two entries that would share one SAM logical id', async () => {
    const file = scheduleFile('twins.json', {
      'a-b': { task: 't', schedule: 60 },
      a_b: { task: 't', schedule: 60 },
    });
    expect((await run(['--template', 'aws', '--schedule', file])).err).toBe(
      'beat: beat schedule entry "a_b": has the same SAM logical id BeatAB as entry "a-b": rename one\n',
    );
  });

  it('exits 2 for a missing flag or an unreadable file', async () => {
    expect(await run(['--schedule', example])).toMatchObject({
      code: 2,
      err: 'beat: --template must be aws, azure or gcp, got null\n',
    });
    expect(await run(['--template', 'gcp'])).toMatchObject({
      code: 2,
      err: 'beat: --schedule <file> is required\n',
    });
    const missing = await run(['--template', 'gcp', '--schedule', join(dir, 'none.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^beat: --schedule \S+none\.json: cannot read the file: ENOENT/);
  });
});
