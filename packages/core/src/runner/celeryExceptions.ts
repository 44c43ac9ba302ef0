/**
 * The Python exceptions the runner itself stores, spelled as Celery/billiard/kombu name them
 * (docs/protocol.md §6.3) so `AsyncResult.get()` raises the real class.
 */
import type { ExceptionInfo, WireValue } from '../types.js';

function info(excModule: string, excType: string, excMessage: WireValue[]): ExceptionInfo {
  return { exc_type: excType, exc_message: excMessage, exc_module: excModule };
}

/**
 * Factories of the exceptions the runner stores.
 *
 * @example
 * ```ts
 * celeryExceptions.notRegistered('proj.add'); // {exc_type: 'NotRegistered', exc_message: ['proj.add'], ...}
 * ```
 */
export const celeryExceptions = {
  notRegistered: (task: string) => info('celery.exceptions', 'NotRegistered', [task]),
  taskRevoked: (reason: 'expired' | 'revoked' | 'terminated') =>
    info('celery.exceptions', 'TaskRevokedError', [reason]),
  maxRetriesExceeded: (task: string, id: string) =>
    info('celery.exceptions', 'MaxRetriesExceededError', [`Can't retry ${task}[${id}]`]),
  timeLimitExceeded: (seconds: number) => info('billiard.exceptions', 'TimeLimitExceeded', [seconds]),
  softTimeLimitExceeded: () => info('billiard.exceptions', 'SoftTimeLimitExceeded', []),
  // kombu raises ContentDisallowed for refused serializers and DecodeError for broken bodies.
  contentDisallowed: (reason: string) => info('kombu.exceptions', 'ContentDisallowed', [reason]),
  decodeError: (reason: string) => info('kombu.exceptions', 'DecodeError', [reason]),
  // What Celery stores when a result cannot be serialized.
  encodeError: (reason: string) => info('kombu.exceptions', 'EncodeError', [reason]),
  chordError: (reason: string) => info('celery.exceptions', 'ChordError', [reason]),
  notImplemented: (reason: string) => info('builtins', 'NotImplementedError', [reason]),
  // No Celery class exists for this; an unimportable module makes the client synthesize one.
  deadLettered: (receiveCount: number, reason: string) =>
    info('celery_cloud.errors', 'DeadLetteredError', [
      `delivered ${receiveCount} times, then dead-lettered: ${reason}`,
    ]),
} as const;
