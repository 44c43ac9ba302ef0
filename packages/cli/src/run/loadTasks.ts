import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type AnyTaskDefinition, ConfigError, TaskRegistry, parseTaskMap } from '@celery-cloud/core';
import type { LambdaFunction } from '@celery-cloud/local/aws';
import { importUserModule } from './importUserModule.js';

/** The local tasks and the `TASKS` route map the handler runs with. */
export interface LoadedTasks {
  /** Local tasks; the runner routes each under its own name unless `TASKS` names it. */
  registry: TaskRegistry;
  /** The `TASKS` JSON text from `--tasks-file` or env `TASKS`, checked; null when neither is set. */
  routes: string | null;
}

/**
 * Load the `--tasks` module (its exported `TaskRegistry` instances and `defineTask` results) and
 * the route map from `--tasks-file` or env `TASKS`. Throws {@link ConfigError} naming the flag.
 *
 * @example
 * ```ts
 * const { registry, routes } = await loadTasks({ tasks: 'examples/tasks.ts', tasksFile: null }, process.env, process.cwd());
 * ```
 */
export async function loadTasks(
  options: { tasks: string | null; tasksFile: string | null },
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<LoadedTasks> {
  const registry = new TaskRegistry();
  if (options.tasks !== null) {
    const exports = await importUserModule('--tasks', options.tasks, cwd);
    for (const task of taskDefinitions(exports)) {
      if (registry.get(task.name) !== task) registry.register(task);
    }
    if (registry.names().length === 0) {
      throw new ConfigError(
        `--tasks ${options.tasks}: the module exports no task (defineTask results or a TaskRegistry)`,
      );
    }
  }
  return { registry, routes: await configuredRoutes(options.tasksFile, env, cwd) };
}

/**
 * Load the `--functions` module: each exported function is a Lambda handler, served under its
 * export name.
 *
 * @example
 * ```ts
 * const functions = await loadFunctions('examples/functions.ts', process.cwd()); // { greet: [Function] }
 * ```
 */
export async function loadFunctions(path: string, cwd: string): Promise<Record<string, LambdaFunction>> {
  const exports = await importUserModule('--functions', path, cwd);
  const functions: Record<string, LambdaFunction> = {};
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value === 'function') functions[name] = value as LambdaFunction;
  }
  if (Object.keys(functions).length === 0)
    throw new ConfigError(`--functions ${path}: the module exports no function`);
  return functions;
}

function taskDefinitions(exports: Record<string, unknown>): AnyTaskDefinition[] {
  const found: AnyTaskDefinition[] = [];
  for (const value of Object.values(exports)) {
    if (value instanceof TaskRegistry) {
      for (const name of value.names()) {
        const definition = value.get(name);
        if (definition) found.push(definition);
      }
    } else if (isTaskDefinition(value)) {
      found.push(value);
    }
  }
  return found;
}

function isTaskDefinition(value: unknown): value is AnyTaskDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { run?: unknown }).run === 'function'
  );
}

async function configuredRoutes(
  tasksFile: string | null,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<string | null> {
  const where = tasksFile === null ? 'env TASKS' : `--tasks-file ${tasksFile}`;
  try {
    const text = tasksFile === null ? env.TASKS : await readFile(resolve(cwd, tasksFile), 'utf8');
    if (text === undefined || text.trim() === '') return null;
    parseTaskMap(text);
    return text;
  } catch (error) {
    throw new ConfigError(`${where}: ${(error as Error).message}`);
  }
}
