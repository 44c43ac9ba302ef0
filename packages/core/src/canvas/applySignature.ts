/**
 * Publishing a signature the way `Signature.apply_async` does (docs/protocol.md §2.5, 7.8-7.11): a task, or a
 * chain, group, chord or chunks whose members become task messages.
 */
import { encodeTaskMessage, formatPythonIso, parseCeleryDate } from '../codec/index.js';
import { wireNumber } from '../codec/wireNumber.js';
import { CanvasError } from '../errors.js';
import { delaySecondsUntil } from '../runner/republish.js';
import type { ResultTuple, SignatureDict, WireValue } from '../types.js';
import { derivedTaskId } from './derivedTaskId.js';
import { signatureQueue } from './queueRoutes.js';
import { frozenId, groupMembers, isRecord, readSignature, readSignatures, withOptions } from './signature.js';
import type { CanvasDeps } from './types.js';

/** Where and how a signature is applied. */
export interface ApplyContext {
  /** Prepended to the signature's own args (the parent's result), unless it is immutable. */
  args?: WireValue[];
  parentId: string | null;
  /** The workflow's root task id; null makes the published task its own root. */
  rootId: string | null;
  /** The id to use when the signature was not frozen with `options.task_id`. */
  fallbackId: string;
  /** The rest of an enclosing chain, reversed (the next task last). */
  chain?: SignatureDict[] | null;
  group?: string;
  groupIndex?: number;
  /** The chord body this task is a header part of. */
  chord?: SignatureDict;
}

function str(value: WireValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: WireValue | undefined): number | null {
  const n = wireNumber(value);
  return n !== null && Number.isFinite(n) ? n : null;
}

const KIND_BY_TASK: ReadonlyMap<string, string> = new Map([
  ['celery.chain', 'chain'],
  ['celery.group', 'group'],
  ['celery.chord', 'chord'],
  ['celery.chunks', 'chunks'],
]);

/**
 * What a signature is: `task`, `chain`, `group`, `chord` or `chunks` (by `subtask_type`, else by
 * the built-in task name).
 *
 * @example
 * ```ts
 * signatureKind({ task: 'celery.group', subtask_type: 'group', ... }); // 'group'
 * ```
 */
export function signatureKind(signature: SignatureDict): string {
  return signature.subtask_type ?? KIND_BY_TASK.get(signature.task) ?? 'task';
}

function dueDate(value: WireValue | undefined, now: Date, field: string): string | null {
  if (typeof value === 'string') return value;
  const seconds = num(value);
  if (seconds === null) return null;
  const due = new Date(now.getTime() + seconds * 1000);
  // No redelivery makes an out-of-range countdown valid: it is a malformed signature.
  if (!Number.isFinite(due.getTime()) || due.getUTCFullYear() > 9999)
    throw new CanvasError(`${field} ${seconds} s is past the largest date`);
  return formatPythonIso(due, 'aware');
}

function parseDue(eta: string, task: string): Date {
  try {
    return parseCeleryDate(eta);
  } catch (error) {
    throw new CanvasError(`${task}.options.eta is not a date: ${(error as Error).message}`);
  }
}

/**
 * Publish one plain task signature; returns its result tuple.
 *
 * @example
 * ```ts
 * await publishTask(deps, readSignature(cb, 'link'), { args: [3], parentId: 'p', rootId: 'p', fallbackId: 'cb-1' });
 * ```
 */
export async function publishTask(
  deps: Pick<CanvasDeps, 'publisher' | 'clock' | 'queueFor'>,
  signature: SignatureDict,
  context: ApplyContext,
): Promise<ResultTuple> {
  const publisher = deps.publisher;
  if (!publisher) throw new CanvasError(`publishing ${signature.task} needs a publisher; none is configured`);
  const o = signature.options;
  const id = frozenId(signature) ?? context.fallbackId;
  const now = deps.clock.now();
  const eta =
    o.eta === undefined || o.eta === null
      ? dueDate(o.countdown, now, `${signature.task}.options.countdown`)
      : dueDate(o.eta, now, `${signature.task}.options.eta`);
  const queue = signatureQueue(signature, deps.queueFor);
  const chord = context.chord ?? (o.chord ? readSignature(o.chord, `${signature.task}.options.chord`) : null);
  const headers = o.headers;
  const envelope = encodeTaskMessage({
    id,
    task: signature.task,
    args: signature.immutable ? signature.args : [...(context.args ?? []), ...signature.args],
    kwargs: signature.kwargs,
    eta,
    expires: dueDate(o.expires, now, `${signature.task}.options.expires`),
    timelimit: [num(o.time_limit), num(o.soft_time_limit)],
    retries: num(o.retries) ?? 0,
    root_id: context.rootId ?? id,
    parent_id: context.parentId,
    group: context.group ?? str(o.group_id),
    group_index: context.groupIndex ?? num(o.group_index),
    shadow: str(o.shadow),
    ignore_result: o.ignore_result === true,
    reply_to: str(o.reply_to),
    routing_key: queue,
    priority: num(o.priority),
    callbacks: o.link ? readSignatures(o.link, `${signature.task}.options.link`) : null,
    errbacks: o.link_error ? readSignatures(o.link_error, `${signature.task}.options.link_error`) : null,
    chain: context.chain ?? (o.chain ? readSignatures(o.chain, `${signature.task}.options.chain`) : null),
    chord,
    replaced_task_nesting: num(o.replaced_task_nesting) ?? 0,
    ...(isRecord(headers) ? { custom_headers: headers } : {}),
  });
  const delaySeconds =
    eta === null ? undefined : delaySecondsUntil(parseDue(eta, signature.task), now, publisher);
  await publisher.publish(envelope, { queue, ...(delaySeconds ? { delaySeconds } : {}) });
  return [[id, null], null];
}

/**
 * Publish `members` as one group `groupId` (each gets `group` and `group_index`); returns the
 * group's result tuple.
 *
 * @example
 * ```ts
 * await publishGroup(deps, 'grp-1', [add1, add2], { parentId: null, rootId: null, fallbackId: 'grp-1' });
 * ```
 */
export async function publishGroup(
  deps: CanvasDeps,
  groupId: string,
  members: SignatureDict[],
  context: ApplyContext,
): Promise<ResultTuple> {
  const tuples: ResultTuple[] = [];
  for (const [index, member] of members.entries()) {
    tuples.push(
      await applySignature(deps, member, {
        ...context,
        chain: null,
        fallbackId: derivedTaskId(groupId, index),
        group: groupId,
        groupIndex: index,
      }),
    );
  }
  return [[groupId, null], tuples];
}

/**
 * Start a chord: header `members` in group `groupId`, `body` called with their results. In
 * `unlock` mode a `celery.chord_unlock` task is published first; in `counter` mode the group
 * record is saved and the counter reset, and each header completion counts (docs/protocol.md §7.11).
 *
 * @example
 * ```ts
 * await startChord(deps, 'grp-1', [add1, add2], tsum, { parentId: null, rootId: null, fallbackId: 'grp-1' });
 * ```
 */
export async function startChord(
  deps: CanvasDeps,
  groupId: string,
  members: SignatureDict[],
  body: SignatureDict,
  context: ApplyContext,
): Promise<ResultTuple> {
  const bodyId = frozenId(body) ?? derivedTaskId(groupId, 'body');
  const chained = context.chain && context.chain.length > 0 ? { chain: context.chain } : {};
  const frozenBody = withOptions(body, {
    task_id: bodyId,
    ...(deps.chordMode === 'unlock' ? {} : { group_id: groupId }),
    ...chained,
  });
  const headerContext = { parentId: context.parentId, rootId: context.rootId, args: context.args ?? [] };
  if (members.length === 0) {
    return applySignature(deps, frozenBody, { ...headerContext, args: [[]], fallbackId: bodyId });
  }
  const frozen = members.map((m, i) => {
    const id = frozenId(m) ?? derivedTaskId(groupId, i);
    return { id, signature: withOptions(m, { task_id: id }) };
  });
  const frozenMembers = frozen.map((m) => m.signature);
  const tuples: ResultTuple[] = frozen.map(({ id }) => [[id, null], null]);
  if (deps.chordMode === 'unlock') {
    const unlock: SignatureDict = {
      task: 'celery.chord_unlock',
      args: [groupId, frozenBody],
      kwargs: { interval: null, max_retries: null, result: tuples },
      options: {
        task_id: derivedTaskId(groupId, 'chord_unlock'),
        countdown: 1,
        ignore_result: true,
        queue: signatureQueue(frozenBody, deps.queueFor),
        ...(frozenBody.options.priority === undefined ? {} : { priority: frozenBody.options.priority }),
      },
      subtask_type: null,
      immutable: true,
    };
    await publishTask(deps, unlock, { parentId: context.parentId, rootId: context.rootId, fallbackId: '' });
  } else {
    await deps.backend.saveGroup(groupId, [[groupId, null], tuples]);
    await deps.backend.deleteChordCounter(groupId);
  }
  const header = await publishGroup(deps, groupId, frozenMembers, {
    ...headerContext,
    fallbackId: groupId,
    chord: frozenBody,
  });
  return [[bodyId, header], null];
}

async function applyChord(deps: CanvasDeps, signature: SignatureDict, context: ApplyContext) {
  const { header, body } = signature.kwargs;
  const headerSignature = Array.isArray(header) ? null : readSignature(header, 'chord.kwargs.header');
  const members = groupMembers(headerSignature ?? (header as WireValue[]), 'chord.kwargs.header');
  const groupId = (headerSignature && frozenId(headerSignature)) ?? frozenId(signature) ?? context.fallbackId;
  return startChord(deps, groupId, members, readSignature(body, 'chord.kwargs.body'), context);
}

function chunkSignatures(signature: SignatureDict): SignatureDict[] {
  const { task, it, n } = signature.kwargs;
  if (!Array.isArray(it) || typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new CanvasError('chunks needs kwargs.it (a list) and kwargs.n (a positive integer)');
  }
  const chunks: SignatureDict[] = [];
  for (let i = 0; i < it.length; i += n) {
    chunks.push({
      task: 'celery.starmap',
      args: [],
      kwargs: { task: readSignature(task, 'chunks.kwargs.task'), it: it.slice(i, i + n) },
      options: {},
      subtask_type: 'xstarmap',
      immutable: false,
    });
  }
  return chunks;
}

/**
 * Apply any signature: plain tasks are published; chains publish their first task carrying the
 * rest; groups, chords and chunks publish their members. Returns the result tuple a parent lists
 * in `children`. Throws {@link CanvasError} on malformed signatures or without a publisher.
 *
 * @example
 * ```ts
 * children.push(await applySignature(deps, next, { args: [result], parentId: task.id, rootId: task.root_id, fallbackId }));
 * ```
 */
export async function applySignature(
  deps: CanvasDeps,
  signature: SignatureDict,
  context: ApplyContext,
): Promise<ResultTuple> {
  switch (signatureKind(signature)) {
    case 'chain': {
      const tasks = readSignatures(signature.kwargs.tasks, `${signature.task}.kwargs.tasks`);
      const [first, ...rest] = tasks;
      if (!first) throw new CanvasError('a chain signature has no tasks');
      const chain = [...(context.chain ?? []), ...rest.reverse()];
      return applySignature(deps, first, { ...context, chain });
    }
    case 'group':
      return publishGroup(
        deps,
        frozenId(signature) ?? context.fallbackId,
        groupMembers(signature, signature.task),
        {
          ...context,
          ...(signature.options.chord
            ? { chord: readSignature(signature.options.chord, 'group.chord') }
            : {}),
        },
      );
    case 'chord':
      return applyChord(deps, signature, context);
    case 'chunks':
      return publishGroup(
        deps,
        frozenId(signature) ?? context.fallbackId,
        chunkSignatures(signature),
        context,
      );
    default:
      return publishTask(deps, signature, context);
  }
}
