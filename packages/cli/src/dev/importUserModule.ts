import { register } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '@celery-cloud/core';

// A task or function module (examples/tasks.ts, a user's file outside any package) imports
// `@celery-cloud/core` without installing it, the way a Lambda handler finds the AWS SDK in its
// runtime: when its own resolution fails, the name is resolved from here. It also keeps one
// instance of core, so the module's TaskRegistry is the one this command checks against.
const fallbackResolver = `export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!specifier.startsWith('@celery-cloud/') || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return next(specifier, { ...context, parentURL: ${JSON.stringify(import.meta.url)} });
  }
}`;

let resolverRegistered = false;

/**
 * Import a user's module (`--tasks`, `--functions`) by path, relative to `cwd`.
 * Throws {@link ConfigError} naming the flag when the module cannot be loaded.
 *
 * @example
 * ```ts
 * const exports = await importUserModule('--tasks', 'examples/tasks.ts', process.cwd());
 * ```
 */
export async function importUserModule(
  flag: string,
  path: string,
  cwd: string,
): Promise<Record<string, unknown>> {
  if (!resolverRegistered) {
    register(`data:text/javascript,${encodeURIComponent(fallbackResolver)}`);
    resolverRegistered = true;
  }
  try {
    return (await import(pathToFileURL(resolvePath(cwd, path)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`${flag} ${path}: cannot load the module: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
