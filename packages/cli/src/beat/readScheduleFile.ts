import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type BeatSchedule, ConfigError, parseBeatSchedule } from '@celery-cloud/core';

/**
 * Read and parse a beat schedule file (relative to `cwd`). Throws `ConfigError` naming `flag`
 * when it cannot be read, `ScheduleError` when its content is wrong.
 *
 * @example
 * ```ts
 * const schedule = await readScheduleFile('beat.json', '--beat', process.cwd());
 * ```
 */
export async function readScheduleFile(file: string, flag: string, cwd: string): Promise<BeatSchedule> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new ConfigError(`${flag} ${file}: cannot read the file: ${(error as Error).message}`);
  }
  return parseBeatSchedule(text);
}
