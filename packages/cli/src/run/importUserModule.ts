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
  const href = pathToFileURL(resolvePath(cwd, path)).href;
  try {
    try {
      return (await import(href)) as Record<string, unknown>;
    } catch (error) {
      // Node 20 runs no TypeScript by itself: an installed `celery-cloud` loads a `.ts` module
      // through tsx. (Under tsx, as in this repository, the first import already works.) The
      // failed import stays cached under its URL, so the retry asks for a distinct one.
      if ((error as { code?: string })?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
      const tsx = await import('tsx/esm/api');
      tsx.register();
      return (await import(`${href}?ts`)) as Record<string, unknown>;
    }
  } catch (error) {
    throw new ConfigError(`${flag} ${path}: cannot load the module: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
