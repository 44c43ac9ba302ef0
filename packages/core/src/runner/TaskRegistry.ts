/**
 * The local tasks a runner can execute in process (`task://` routes).
 */
import { ConfigError } from '../errors.js';
import type { AnyTaskDefinition } from './defineTask.js';

/**
 * Holds local task definitions by Celery name; a name can be registered once.
 *
 * @example
 * ```ts
 * const tasks = new TaskRegistry().register(defineTask('proj.add', (_ctx, a: number, b: number) => a + b));
 * ```
 */
export class TaskRegistry {
  readonly #tasks = new Map<string, AnyTaskDefinition>();

  /** Add tasks; throws {@link ConfigError} when a name is already registered. */
  register(...tasks: AnyTaskDefinition[]): this {
    for (const task of tasks) {
      if (this.#tasks.has(task.name))
        throw new ConfigError(`task ${JSON.stringify(task.name)} is registered twice`);
      this.#tasks.set(task.name, task);
    }
    return this;
  }

  get(name: string): AnyTaskDefinition | undefined {
    return this.#tasks.get(name);
  }

  has(name: string): boolean {
    return this.#tasks.has(name);
  }

  names(): string[] {
    return [...this.#tasks.keys()];
  }
}
