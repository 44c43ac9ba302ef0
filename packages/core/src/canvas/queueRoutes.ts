/**
 * Celery's `task_routes` for messages the worker publishes: which queue a task name goes to.
 */
import { ConfigError } from '../errors.js';
import type { SignatureDict } from '../types.js';
import { isRecord } from './signature.js';

/** Task name or glob (`proj.reports.*`) → queue name, or `{ queue }` as Celery writes it. */
export type TaskQueueRoutes = Record<string, string | { queue: string }>;

function globRegExp(pattern: string): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}

/**
 * A function from task name to queue: the first matching route (exact names before globs), else
 * `defaultQueue`. Throws {@link ConfigError} for a route without a queue name.
 *
 * @example
 * ```ts
 * const queueFor = queueResolver({ 'proj.reports.*': { queue: 'reports' } }, 'celery');
 * queueFor('proj.reports.daily'); // 'reports'
 * ```
 */
export function queueResolver(routes: TaskQueueRoutes, defaultQueue: string): (task: string) => string {
  const exact = new Map<string, string>();
  const globs: Array<[RegExp, string]> = [];
  for (const [pattern, route] of Object.entries(routes)) {
    const queue = typeof route === 'string' ? route : route?.queue;
    if (typeof queue !== 'string' || queue === '') {
      throw new ConfigError(`CELERY_TASK_ROUTES[${JSON.stringify(pattern)}] names no queue`);
    }
    if (/[*?]/.test(pattern)) globs.push([globRegExp(pattern), queue]);
    else exact.set(pattern, queue);
  }
  return (task) => exact.get(task) ?? globs.find(([re]) => re.test(task))?.[1] ?? defaultQueue;
}

/**
 * The queue a signature is published to: its `queue` option (a name or a `{name}` dict), its
 * `routing_key`, else the routed queue of its task.
 *
 * @example
 * ```ts
 * signatureQueue(sig, queueFor); // 'celery'
 * ```
 */
export function signatureQueue(signature: SignatureDict, queueFor: (task: string) => string): string {
  const { queue, routing_key } = signature.options;
  if (typeof queue === 'string' && queue !== '') return queue;
  if (isRecord(queue) && typeof queue.name === 'string') return queue.name;
  if (typeof routing_key === 'string' && routing_key !== '') return routing_key;
  return queueFor(signature.task);
}
