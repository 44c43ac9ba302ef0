/**
 * Counter-mode chords (Celery 5.4+ clients, and chords the runner applies): each header part
 * counts itself; the last one, or a redelivered part whose first delivery could not finish,
 * publishes or fails the body (Celery's `on_chord_part_return`).
 */
import { wireInteger } from '../codec/wireNumber.js';
import type { ExceptionInfo, ResultTuple, SignatureDict, TaskMessage } from '../types.js';
import {
  type JoinOutcome,
  completeChord,
  failChord,
  joinResults,
  onceForChord,
  readResultTuples,
} from './chords.js';
import { readSignature } from './signature.js';
import type { CanvasDeps } from './types.js';

// Celery's result_chord_join_timeout.
const JOIN_TIMEOUT_MS = 3000;
const JOIN_POLL_MS = 100;

async function joinWithTimeout(deps: CanvasDeps, tuples: ResultTuple[]): Promise<JoinOutcome> {
  const deadline = performance.now() + JOIN_TIMEOUT_MS;
  for (;;) {
    const joined = await joinResults(deps.backend, tuples);
    if (joined.kind !== 'pending' || performance.now() >= deadline) return joined;
    await new Promise((resolve) => setTimeout(resolve, JOIN_POLL_MS));
  }
}

/**
 * Counter-mode chord bookkeeping after a header part finished (success, failure or revocation):
 * restore the group, count, and on the last part call or fail the body, then delete the group
 * record and the counter (Celery's `on_chord_part_return`).
 *
 * @example
 * ```ts
 * await chordPartReturned(deps, { id: task.id, root_id: task.root_id, group: task.group, chord: task.chord });
 * ```
 */
export async function chordPartReturned(
  deps: CanvasDeps,
  part: Pick<TaskMessage, 'id' | 'root_id' | 'group' | 'chord'>,
): Promise<void> {
  if (!part.chord || !part.group) return;
  const groupId = part.group;
  const body = readSignature(part.chord, 'embed.chord');
  const parent = { parentId: part.id, rootId: part.root_id ?? part.id };
  const stored = await deps.backend.getGroup(groupId);
  if (!stored) {
    // auto: no group record means the client sent a celery.chord_unlock task, which completes it
    // (or the chord completed already and this is a late duplicate).
    if (deps.chordMode === 'auto') return;
    await onceForChord(deps, groupId, () =>
      failChord(deps, body, `GroupResult ${groupId} no longer exists`, parent),
    );
    return;
  }
  const members = readResultTuples(stored[1], `group record ${groupId}`);
  const count = await deps.backend.incrChordCounter(groupId);
  const size = wireInteger(part.chord.chord_size) ?? members.length;
  if (count > size) {
    // A redelivered part: completing again is harmless (the body marker decides), and finishes a
    // chord whose completion failed on the way.
    deps.logger.log('warn', 'chord counter incremented too many times', { groupId, count, size });
  }
  if (count < size) return;
  const joined = await joinWithTimeout(deps, members);
  await finishCounterChord(
    deps,
    groupId,
    body,
    joined.kind === 'pending' ? { kind: 'failed', taskId: groupId, exception: timeoutError() } : joined,
    parent,
  );
}

/**
 * Counter-mode chord bookkeeping for a redelivered header part whose outcome is stored already:
 * when its first delivery counted but could not publish the body (or count at all), the group
 * record is still there; once every header member is ready the body is published (or failed) now.
 * The body marker keeps it to once against the last part's own count and other redeliveries; a
 * completed chord (no group record) or a header still running is left alone.
 *
 * @example
 * ```ts
 * await chordPartRedelivered(deps, { id: task.id, root_id: task.root_id, group: task.group, chord: task.chord });
 * ```
 */
export async function chordPartRedelivered(
  deps: CanvasDeps,
  part: Pick<TaskMessage, 'id' | 'root_id' | 'group' | 'chord'>,
): Promise<void> {
  if (!part.chord || !part.group) return;
  const groupId = part.group;
  const stored = await deps.backend.getGroup(groupId);
  if (!stored) return;
  const joined = await joinResults(deps.backend, readResultTuples(stored[1], `group record ${groupId}`));
  if (joined.kind === 'pending') return;
  deps.logger.log('info', 'a redelivered chord part completes its chord', { groupId, taskId: part.id });
  const body = readSignature(part.chord, 'embed.chord');
  await finishCounterChord(deps, groupId, body, joined, {
    parentId: part.id,
    rootId: part.root_id ?? part.id,
  });
}

/** Publish or fail the body once, then delete the group record and the counter. */
async function finishCounterChord(
  deps: CanvasDeps,
  groupId: string,
  body: SignatureDict,
  joined: Exclude<JoinOutcome, { kind: 'pending' }>,
  parent: { parentId: string | null; rootId: string | null },
): Promise<void> {
  await completeChord(deps, groupId, body, joined, parent);
  // Only once the body is out: a failure above leaves the record for the redelivery.
  await deps.backend.deleteGroup(groupId);
  await deps.backend.deleteChordCounter(groupId);
}

function timeoutError(): ExceptionInfo {
  return {
    exc_type: 'TimeoutError',
    exc_message: ['The operation timed out.'],
    exc_module: 'celery.exceptions',
  };
}
