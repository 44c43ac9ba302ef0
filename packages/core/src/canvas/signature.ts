/**
 * Reading Celery signature dicts (docs/protocol.md §2.5) from message data, where anything may arrive.
 */
import { CanvasError } from '../errors.js';
import type { SignatureDict, WireValue } from '../types.js';

/**
 * True for a JSON object (not an array or null).
 *
 * @example
 * ```ts
 * isRecord({ name: 'celery' }); // true
 * ```
 */
export function isRecord(value: unknown): value is Record<string, WireValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A signature dict with Celery's defaults filled in; throws {@link CanvasError} naming `where`
 * when `value` is not a dict with a string `task`.
 *
 * @example
 * ```ts
 * readSignature({ task: 'proj.add', args: [1] }, 'link'); // { task: 'proj.add', args: [1], kwargs: {}, options: {}, subtask_type: null, immutable: false }
 * ```
 */
export function readSignature(value: unknown, where: string): SignatureDict {
  if (!isRecord(value) || typeof value.task !== 'string' || value.task === '') {
    throw new CanvasError(`${where} is not a signature dict (no "task" name)`);
  }
  const { args, kwargs, options, subtask_type, immutable } = value;
  if (args !== undefined && args !== null && !Array.isArray(args)) {
    throw new CanvasError(`${where}.args must be a list`);
  }
  for (const [name, field] of [
    ['kwargs', kwargs],
    ['options', options],
  ] as const) {
    if (field !== undefined && field !== null && !isRecord(field)) {
      throw new CanvasError(`${where}.${name} must be a dict`);
    }
  }
  return {
    ...value,
    task: value.task,
    args: (args as WireValue[] | null | undefined) ?? [],
    kwargs: (kwargs as Record<string, WireValue> | null | undefined) ?? {},
    options: (options as Record<string, WireValue> | null | undefined) ?? {},
    subtask_type: typeof subtask_type === 'string' ? subtask_type : null,
    immutable: immutable === true,
  };
}

/**
 * A list of signatures from an option that holds one signature, a list of them, or nothing
 * (`link`, `link_error`, `embed.callbacks`).
 *
 * @example
 * ```ts
 * readSignatures({ task: 'proj.cb' }, 'link').length; // 1
 * ```
 */
export function readSignatures(value: unknown, where: string): SignatureDict[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map((item, i) => readSignature(item, `${where}[${i}]`));
  return [readSignature(value, where)];
}

/**
 * The members of a group signature (`kwargs.tasks`), or of a bare list of signatures.
 *
 * @example
 * ```ts
 * groupMembers({ task: 'celery.group', kwargs: { tasks: [add1, add2] }, ... }, 'chain[0]').length; // 2
 * ```
 */
export function groupMembers(value: SignatureDict | WireValue[], where: string): SignatureDict[] {
  if (Array.isArray(value)) return readSignatures(value, where);
  if (value.subtask_type === 'group' || value.task === 'celery.group') {
    const tasks = value.kwargs.tasks;
    if (!Array.isArray(tasks)) throw new CanvasError(`${where}.kwargs.tasks must be a list`);
    return readSignatures(tasks, `${where}.kwargs.tasks`);
  }
  return [value];
}

/**
 * The id a signature was frozen with (`options.task_id`), or null.
 *
 * @example
 * ```ts
 * frozenId({ ..., options: { task_id: 'c2' } }); // 'c2'
 * ```
 */
export function frozenId(signature: SignatureDict): string | null {
  const id = signature.options.task_id;
  return typeof id === 'string' && id !== '' ? id : null;
}

/**
 * A copy of `signature` with `options` changed.
 *
 * @example
 * ```ts
 * withOptions(body, { task_id: 'body-1' });
 * ```
 */
export function withOptions(signature: SignatureDict, options: Record<string, WireValue>): SignatureDict {
  return { ...signature, options: { ...signature.options, ...options } };
}
