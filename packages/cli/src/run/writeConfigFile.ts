import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Write the client configuration to `path` once the stack is ready, atomically: another process
 * waiting for the file never reads it half written (it is written beside, then renamed). Missing
 * folders are created.
 *
 * @example
 * ```ts
 * await writeConfigFile('.tmp/dev.json', config);
 * ```
 */
export async function writeConfigFile(path: string, config: object): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, `${JSON.stringify(config)}\n`);
  await rename(partial, path);
}
