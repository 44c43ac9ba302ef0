/**
 * The names and record rules Celery's key-value result backends share (docs/protocol.md §6):
 * every store adapter moves bytes under these keys and nothing else.
 */

/** The key of a task's meta: `celery-task-meta-<id>`. */
export const taskMetaKey = (taskId: string): string => `celery-task-meta-${taskId}`;

/** The key of a group record: `celery-taskset-meta-<gid>`. */
export const groupMetaKey = (groupId: string): string => `celery-taskset-meta-${groupId}`;

/** The key of a chord counter: `chord-unlock-<gid>`. */
export const chordCounterKey = (groupId: string): string => `chord-unlock-${groupId}`;

/**
 * How every stored SUCCESS meta begins (`encodeResultMeta` writes `status` first, as Celery does):
 * a write is skipped over a value starting with it, Celery's overwrite rule (docs/protocol.md §6.1).
 */
export const SUCCESS_PREFIX = '{"status": "SUCCESS"';
