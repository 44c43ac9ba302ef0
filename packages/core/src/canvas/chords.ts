/**
 * Chord completion (docs/protocol.md §7.11): joining header results, calling the body, or failing it with
 * `ChordError` as Celery does.
 */
import { exceptionRepr } from '../codec/index.js';
import type { ResultStore } from '../ports.js';
import { celeryExceptions } from '../runner/celeryExceptions.js';
import type { ExceptionInfo, ResultTuple, SignatureDict, WireValue } from '../types.js';
import { applySignature, publishGroup } from './applySignature.js';
import { derivedTaskId } from './derivedTaskId.js';
import { frozenId, readSignatures } from './signature.js';
import type { CanvasDeps } from './types.js';

/** The state of a chord header: still running, failed (first failure in order), or done. */
export type JoinOutcome =
  | { kind: 'pending' }
  | { kind: 'failed'; taskId: string; exception: ExceptionInfo }
  | { kind: 'ready'; values: WireValue[] };

function isTuple(value: unknown): value is ResultTuple {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    Array.isArray(value[0]) &&
    typeof value[0][0] === 'string' &&
    (value[1] === null || Array.isArray(value[1]))
  );
}

/**
 * Result tuples from message or stored data; throws a `TypeError` naming `where` otherwise.
 *
 * @example
 * ```ts
 * readResultTuples([[['h1', null], null]], 'chord_unlock result'); // one tuple
 * ```
 */
export function readResultTuples(value: unknown, where: string): ResultTuple[] {
  if (!Array.isArray(value) || !value.every(isTuple)) {
    throw new TypeError(`${where} is not a list of Celery result tuples`);
  }
  return value;
}

function asException(result: WireValue): ExceptionInfo {
  const r = result as Partial<ExceptionInfo> | null;
  return r && typeof r.exc_type === 'string'
    ? { exc_type: r.exc_type, exc_message: r.exc_message ?? [], exc_module: r.exc_module ?? 'builtins' }
    : { exc_type: 'Exception', exc_message: [String(result)], exc_module: 'builtins' };
}

async function readAll(
  backend: ResultStore,
  tuples: ResultTuple[],
): Promise<Array<{ id: string; status: string; result: WireValue } | { group: ResultTuple[] }>> {
  return Promise.all(
    tuples.map(async ([[id], members]) => {
      if (members) return { group: members };
      const meta = await backend.get(id);
      return { id, status: meta?.status ?? 'PENDING', result: meta?.result ?? null };
    }),
  );
}

/**
 * Read the header's results in order, as `GroupResult.ready()` then `join(propagate=True)` would:
 * pending until every member is ready, then the first failure in header order, else the values
 * (a nested group's value is its list).
 *
 * @example
 * ```ts
 * await joinResults(backend, [[['h1', null], null], [['h2', null], null]]); // { kind: 'ready', values: [2, 4] }
 * ```
 */
export async function joinResults(backend: ResultStore, tuples: ResultTuple[]): Promise<JoinOutcome> {
  const values: WireValue[] = [];
  for (const read of await readAll(backend, tuples)) {
    if ('group' in read) {
      const nested = await joinResults(backend, read.group);
      if (nested.kind !== 'ready') return nested;
      values.push(nested.values);
    } else if (read.status === 'SUCCESS') {
      values.push(read.result);
    } else if (read.status === 'FAILURE' || read.status === 'REVOKED') {
      return { kind: 'failed', taskId: read.id, exception: asException(read.result) };
    } else {
      return { kind: 'pending' };
    }
  }
  return { kind: 'ready', values };
}

/**
 * Store the chord body's FAILURE with `ChordError(reason)` and publish its `link_error` errbacks
 * as a group called with the body id (Celery's `chord_error_from_stack`).
 *
 * @example
 * ```ts
 * await failChord(deps, body, "ValueError('bad')", { parentId: task.id, rootId: task.root_id });
 * ```
 */
export async function failChord(
  deps: CanvasDeps,
  body: SignatureDict,
  reason: string,
  parent: { parentId: string | null; rootId: string | null },
): Promise<void> {
  const bodyId = frozenId(body);
  deps.logger.log('warn', 'chord failed', { bodyId, reason });
  if (!bodyId) return;
  const exception = celeryExceptions.chordError(reason);
  await deps.backend.set({
    task_id: bodyId,
    status: 'FAILURE',
    result: exception,
    traceback: `Traceback (most recent call last):\n  File "celery/backends/base.py", line 1, in chord_error_from_stack\ncelery.exceptions.ChordError: ${reason}\n`,
    children: [],
    date_done: deps.clock.now(),
  });
  const errbacks = readSignatures(body.options.link_error, 'chord body link_error');
  if (errbacks.length > 0) {
    await publishGroup(deps, derivedTaskId(bodyId, 'errbacks'), errbacks, {
      ...parent,
      args: [bodyId],
      fallbackId: '',
    });
  }
}

/**
 * Act on a finished chord header: call the body with the results, fail it, or (when `pending`
 * is returned) do nothing yet.
 *
 * @example
 * ```ts
 * await completeChord(deps, gid, body, await joinResults(backend, tuples), { parentId: id, rootId: root });
 * ```
 */
export async function completeChord(
  deps: CanvasDeps,
  groupId: string,
  body: SignatureDict,
  joined: Exclude<JoinOutcome, { kind: 'pending' }>,
  parent: { parentId: string | null; rootId: string | null },
): Promise<void> {
  await onceForChord(deps, groupId, async () => {
    if (joined.kind === 'failed') {
      await failChord(deps, body, exceptionRepr(joined.exception), parent);
      return;
    }
    await applySignature(deps, body, {
      ...parent,
      args: [joined.values],
      fallbackId: derivedTaskId(groupId, 'body'),
    });
  });
}

/**
 * Run `finish` (publish or fail a chord's body) at most once per group, whoever gets there: a
 * `celery.chord_unlock` task, the last header part's count, or a redelivery of either. The claim
 * is the store's atomic counter under `<group id>.body` (the marker stays, so a late duplicate
 * finds it); when `finish` throws the claim is released, so the redelivery can finish instead.
 *
 * @example
 * ```ts
 * await onceForChord(deps, groupId, () => applySignature(deps, body, context));
 * ```
 */
export async function onceForChord(
  deps: CanvasDeps,
  groupId: string,
  finish: () => Promise<void>,
): Promise<void> {
  const marker = `${groupId}.body`;
  const claims = await deps.backend.incrChordCounter(marker);
  if (claims > 1) {
    deps.logger.log('info', 'chord body already published or failed: skipped', { groupId });
    return;
  }
  try {
    await finish();
  } catch (error) {
    await deps.backend.deleteChordCounter(marker).catch(() => undefined);
    throw error;
  }
}
