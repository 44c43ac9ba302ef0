/**
 * Configuration values that must be JSON objects (`TASKS`, `CELERY_TASK_ROUTES`, ...).
 */
import { ConfigError } from '../errors.js';

/**
 * Parse `input` (JSON text, or an object passed through) and check it is a JSON object; throws
 * {@link ConfigError} naming the setting and what it must map.
 *
 * @example
 * ```ts
 * parseJsonObject('{"proj.add": "task://proj.add"}', 'TASKS', 'task names to URLs');
 * ```
 */
export function parseJsonObject(
  input: string | Record<string, unknown>,
  name: string,
  mapping: string,
): Record<string, unknown> {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new ConfigError(`${name} is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${name} must be a JSON object mapping ${mapping}`);
  }
  return value as Record<string, unknown>;
}
