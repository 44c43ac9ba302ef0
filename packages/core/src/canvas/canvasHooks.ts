/**
 * The runner hooks that make a worker canvas-aware (docs/protocol.md §7.8-7.11): callbacks and the next chain
 * step before SUCCESS is stored, chain poisoning and errbacks after FAILURE, chord counting after
 * every header part.
 */
import { createSemaphore } from '../runner/createSemaphore.js';
import type { RunnerHooks } from '../runner/types.js';
import type { ExceptionInfo, ResultTuple, SignatureDict, TaskMessage, WireValue } from '../types.js';
import { applySignature, publishGroup } from './applySignature.js';
import { chordPartRedelivered, chordPartReturned } from './counterChord.js';
import { derivedTaskId } from './derivedTaskId.js';
import { frozenId, readSignature, readSignatures } from './signature.js';
import type { CanvasDeps } from './types.js';

function parentOf(message: TaskMessage) {
  return { parentId: message.id, rootId: message.root_id ?? message.id };
}

function isGroup(signature: SignatureDict): boolean {
  return signature.subtask_type === 'group' || signature.task === 'celery.group';
}

/** Callbacks on success: one is applied alone; several plain ones go out as one group (docs/protocol.md §7.8). */
async function publishCallbacks(
  deps: CanvasDeps,
  message: TaskMessage,
  value: WireValue,
): Promise<ResultTuple[]> {
  const callbacks = readSignatures(message.callbacks, 'embed.callbacks');
  const context = { ...parentOf(message), args: [value] };
  const [only, ...others] = callbacks;
  if (only && others.length === 0) {
    return [
      await applySignature(deps, only, {
        ...context,
        fallbackId: derivedTaskId(message.id, 'link'),
      }),
    ];
  }
  const children: ResultTuple[] = [];
  const plain: SignatureDict[] = [];
  for (const [index, callback] of callbacks.entries()) {
    if (!isGroup(callback)) plain.push(callback);
    else {
      const fallbackId = derivedTaskId(message.id, 'link', index);
      children.push(await applySignature(deps, callback, { ...context, fallbackId }));
    }
  }
  if (plain.length > 0) {
    const groupId = derivedTaskId(message.id, 'links');
    children.push(await publishGroup(deps, groupId, plain, { ...context, fallbackId: groupId }));
  }
  return children;
}

/** The next chain step: the last element, called with the result and the rest of the chain. */
async function publishNextStep(
  deps: CanvasDeps,
  message: TaskMessage,
  value: WireValue,
): Promise<ResultTuple[]> {
  const chain = [...(message.chain ?? [])];
  const next = chain.pop();
  if (next === undefined) return [];
  const signature = readSignature(next, 'embed.chain');
  return [
    await applySignature(deps, signature, {
      ...parentOf(message),
      args: [value],
      chain,
      fallbackId: derivedTaskId(message.id, 'chain'),
    }),
  ];
}

/** How many remaining chain steps are failed at once: a long chain must not take minutes. */
const POISON_CONCURRENCY = 16;

/** A failed step fails every remaining chain task, so `chain.get()` returns (docs/protocol.md §7.9). */
async function poisonChain(
  deps: CanvasDeps,
  message: TaskMessage,
  exception: ExceptionInfo,
  traceback: string | null,
): Promise<void> {
  const poisonOne = async (element: SignatureDict, index: number) => {
    const signature = readSignature(element, `embed.chain[${index}]`);
    const id = frozenId(signature);
    // A chord in the chain is awaited through its body, whose id the client froze too.
    const body = signature.subtask_type === 'chord' ? signature.kwargs.body : null;
    const bodyId = body ? frozenId(readSignature(body, `embed.chain[${index}].kwargs.body`)) : null;
    for (const taskId of [id, bodyId]) {
      if (!taskId) continue;
      await deps.backend.set({
        task_id: taskId,
        status: 'FAILURE',
        result: exception,
        traceback,
        children: [],
        date_done: deps.clock.now(),
      });
    }
    const { chord, group_id: groupId } = signature.options;
    if (id && deps.chordMode !== 'unlock' && chord && typeof groupId === 'string') {
      await chordPartReturned(deps, {
        id,
        root_id: message.root_id,
        group: groupId,
        chord: readSignature(chord, 'chain chord'),
      });
    }
  };
  const limit = createSemaphore(POISON_CONCURRENCY);
  await Promise.all(
    (message.chain ?? []).map((element, index) => limit.run(() => poisonOne(element, index))),
  );
}

/** Errbacks get the failed task's id, published together as a group (docs/protocol.md §7.8, "old-style"). */
async function publishErrbacks(deps: CanvasDeps, message: TaskMessage): Promise<void> {
  const errbacks = readSignatures(message.errbacks, 'embed.errbacks');
  if (errbacks.length === 0) return;
  const groupId = derivedTaskId(message.id, 'link_error');
  await publishGroup(deps, groupId, errbacks, {
    ...parentOf(message),
    args: [message.id],
    fallbackId: groupId,
  });
}

/**
 * Runner hooks implementing Celery's canvas on top of `deps`.
 *
 * @example
 * ```ts
 * const hooks = canvasHooks({ backend, publisher, clock, queueFor: () => 'celery', chordMode: 'unlock', logger });
 * ```
 */
export function canvasHooks(deps: CanvasDeps): Required<RunnerHooks> {
  const countPart = async ({ message }: { message: TaskMessage }) => {
    if (deps.chordMode !== 'unlock') await chordPartReturned(deps, message);
  };
  return {
    beforeSuccessStored: [
      async ({ message, value, children }) => {
        children.push(...(await publishCallbacks(deps, message, value)));
        children.push(...(await publishNextStep(deps, message, value)));
      },
    ],
    afterSuccessStored: [countPart],
    afterFailureStored: [
      async (event) => {
        await countPart(event);
        await poisonChain(deps, event.message, event.exception, event.traceback);
        await publishErrbacks(deps, event.message);
      },
    ],
    afterRevokedStored: [countPart],
    afterDuplicate: [
      async ({ message }) => {
        if (deps.chordMode !== 'unlock') await chordPartRedelivered(deps, message);
      },
    ],
  };
}
