/**
 * Revoke across functions (docs/runner.md, "Revoke"): a Celery worker keeps revoked ids in memory,
 * fed by a broadcast no serverless function receives. Here the client writes the REVOKED meta a
 * worker would store (`backend.mark_as_revoked(task_id, 'revoked')` in Python,
 * `AsyncResult.revoke()` in TypeScript), and a runner with `revoke: 'check'` reads it before
 * running a message, at one store read each.
 */
import { ConfigError } from '../errors.js';
import type { ResultStore } from '../ports.js';
import type { ResultMeta } from '../types.js';
import { celeryExceptions } from './celeryExceptions.js';

/** Whether the runner looks for a revoked marker before running a message (default `off`). */
export type RevokeMode = 'off' | 'check';

/**
 * The REVOKED meta Celery's `backend.mark_as_revoked(task_id, reason='revoked')` stores: what a
 * client writes to revoke a task that has not run yet.
 *
 * @example
 * ```ts
 * await backend.set(revokedMarker('8c3f…'));
 * ```
 */
export function revokedMarker(taskId: string, now: Date = new Date()): ResultMeta {
  return {
    task_id: taskId,
    status: 'REVOKED',
    result: celeryExceptions.taskRevoked('revoked'),
    traceback: null,
    children: [],
    date_done: now,
  };
}

/** Whether `taskId` was revoked before it ran; a read failure rejects. */
export async function isRevoked(backend: ResultStore, taskId: string): Promise<boolean> {
  return (await backend.get(taskId))?.status === 'REVOKED';
}

/** `CELERY_CLOUD_REVOKE`: `check` or `off` (absent: the runner's default). */
export function revokeModeFromEnv(value: string | undefined): RevokeMode | undefined {
  const mode = value?.trim().toLowerCase();
  if (mode === undefined || mode === '') return undefined;
  if (mode === 'check' || mode === 'off') return mode;
  throw new ConfigError(`CELERY_CLOUD_REVOKE must be check or off, got ${JSON.stringify(value)}`);
}
