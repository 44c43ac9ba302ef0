import { ConfigError } from '@celery-cloud/core';
import { BEAT_TEMPLATES } from '../beat/beatTemplates.js';
import { readScheduleFile } from '../beat/readScheduleFile.js';
import { BEAT_FLAGS } from '../flags/beat.js';
import { type OptionsOf, readFlags } from '../flags/table.js';
import type { CommandIo } from './index.js';

/**
 * `celery-cloud beat --template aws|azure|gcp --schedule <file>`: print what runs a beat schedule
 * on that cloud (the SAM Events of the beat function, the Function App's timers, the Cloud
 * Scheduler jobs). Exits 0, or 2 with one line on stderr for a bad flag, an unreadable file or an
 * entry the cloud cannot express.
 *
 * @example
 * ```ts
 * const code = await beat(['--template', 'aws', '--schedule', 'beat.json'], { ...process, env: process.env });
 * ```
 */
export async function beat(argv: string[], io: CommandIo): Promise<number> {
  try {
    const { template, schedule } = readFlags(BEAT_FLAGS, argv, io.env, null) as OptionsOf<typeof BEAT_FLAGS>;
    const write = await BEAT_TEMPLATES[template]();
    io.stdout.write(write(await readScheduleFile(schedule, '--schedule', process.cwd())));
    return 0;
  } catch (error) {
    io.stderr.write(`beat: ${(error as Error).message}\n`);
    if (error instanceof ConfigError) return 2;
    throw error;
  }
}
