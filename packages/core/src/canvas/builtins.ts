import { wireInteger, wireNumber } from '../codec/wireNumber.js';
/**
 * The built-in tasks every Celery app registers (docs/protocol.md §7.13), run in process by the runner.
 */
import type { ExecutionContext, ExecutionResult, Executor, TaskCall } from '../ports.js';
import { celeryExceptions } from '../runner/celeryExceptions.js';
import type { Route } from '../runner/routes.js';
import type { SignatureDict, WireValue } from '../types.js';
import { applySignature, publishGroup } from './applySignature.js';
import { completeChord, joinResults, readResultTuples } from './chords.js';
import { derivedTaskId } from './derivedTaskId.js';
import { readSignature, readSignatures } from './signature.js';
import type { CanvasDeps } from './types.js';

type BuiltinBody = (call: TaskCall, context: ExecutionContext) => Promise<ExecutionResult>;

const done = (value: WireValue = null): ExecutionResult => ({ status: 'success', value });

function parentOf(call: TaskCall) {
  return { parentId: call.id, rootId: call.root_id ?? call.id };
}

function list(value: WireValue | undefined, where: string): WireValue[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TypeError(`${where} must be a list`);
  return value;
}

/** `celery.chord_unlock(group_id, callback, interval=None, max_retries=None, result=None)`. */
function chordUnlock(deps: CanvasDeps): BuiltinBody {
  return async (call) => {
    const [groupId, callback, interval, maxRetries, stored] = params(call, [
      'group_id',
      'callback',
      'interval',
      'max_retries',
      'result',
    ]);
    if (typeof groupId !== 'string') throw new TypeError('celery.chord_unlock needs the group id first');
    const body = readSignature(callback, 'celery.chord_unlock callback');
    const result = stored ?? (await deps.backend.getGroup(groupId))?.[1];
    const joined = await joinResults(deps.backend, readResultTuples(result, 'celery.chord_unlock result'));
    if (joined.kind === 'pending') {
      return {
        status: 'retry',
        countdown: wireNumber(interval) ?? 1,
        maxRetries: wireInteger(maxRetries),
      };
    }
    await completeChord(deps, groupId, body, joined, parentOf(call));
    return done();
  };
}

/** `celery.map(task, it)` and `celery.starmap(task, it)`: call the task in process per item. */
function mapTask(resolveRoute: (task: string) => Route | null, star: boolean): BuiltinBody {
  return async (call, context) => {
    const signature = readSignature(call.kwargs.task, `${call.task} task`);
    const route = resolveRoute(signature.task);
    if (!route) {
      return {
        status: 'failure',
        exception: celeryExceptions.notRegistered(signature.task),
        traceback: null,
      };
    }
    const values: WireValue[] = [];
    for (const [index, item] of list(call.kwargs.it, `${call.task} it`).entries()) {
      const itemArgs = star ? list(item, `${call.task} it[${index}]`) : [item];
      const args = signature.immutable ? signature.args : [...itemArgs, ...signature.args];
      const result = await route.executor.execute(
        { ...call, task: signature.task, args, kwargs: signature.kwargs },
        context,
      );
      if (result.status === 'failure' || result.status === 'reject') return result;
      if (result.status === 'retry') {
        const reason = `${signature.task} asked to retry inside ${call.task}, which runs it in process`;
        return { status: 'failure', exception: celeryExceptions.notImplemented(reason), traceback: null };
      }
      values.push(result.value);
    }
    return done(values);
  };
}

/** `celery.group(tasks, result, group_id, partial_args, add_to_parent=True)` (legacy). */
function groupTask(deps: CanvasDeps): BuiltinBody {
  return async (call) => {
    const [tasks, result, groupId, partialArgs] = params(call, [
      'tasks',
      'result',
      'group_id',
      'partial_args',
    ]);
    const id = typeof groupId === 'string' ? groupId : call.id;
    const members = readSignatures(tasks, 'celery.group tasks');
    const args = list(partialArgs, 'celery.group partial_args');
    const tuple = await publishGroup(deps, id, members, { ...parentOf(call), args, fallbackId: id });
    return done(result ?? tuple);
  };
}

/** Python-style parameters: each name's positional argument, else its keyword argument, else null. */
function params(call: TaskCall, names: string[]): WireValue[] {
  return names.map((name, i) => call.args[i] ?? call.kwargs[name] ?? null);
}

/** Apply a composite signature built from a built-in's parameters. */
function applyComposite(deps: CanvasDeps, kind: 'chord' | 'chunks', names: string[]): BuiltinBody {
  return async (call) => {
    const values = params(call, names);
    const kwargs = Object.fromEntries(names.map((name, i) => [name, values[i]]));
    const signature: SignatureDict = {
      task: `celery.${kind}`,
      args: [],
      kwargs,
      options: {},
      subtask_type: kind,
      immutable: false,
    };
    await applySignature(deps, signature, {
      ...parentOf(call),
      args: list(kwargs.partial_args, `celery.${kind} partial_args`),
      fallbackId: derivedTaskId(call.id, kind),
    });
    return done();
  };
}

/** `celery.accumulate(*args, index=None)`. */
const accumulate: BuiltinBody = async (call) => {
  const index = call.kwargs.index;
  const at = wireInteger(index);
  return done(at !== null ? (call.args[at] ?? null) : call.args);
};

const chainTask: BuiltinBody = async () => ({
  status: 'failure',
  exception: celeryExceptions.notImplemented('chain is not a real task'),
  traceback: null,
});

// Key/value backends expire results themselves; Celery's cleanup is a no-op for them too.
const backendCleanup: BuiltinBody = async () => done();

/**
 * Routes for Celery's built-in task names, run in process. `celery.chord_unlock` and
 * `celery.backend_cleanup` store nothing (their `ignore_result=True`).
 *
 * @example
 * ```ts
 * const builtins = builtinRoutes(deps, (task) => routes.resolve(task));
 * builtins.get('celery.chord_unlock');
 * ```
 */
export function builtinRoutes(
  deps: CanvasDeps,
  resolveRoute: (task: string) => Route | null,
): Map<string, Route> {
  const bodies: Array<[string, BuiltinBody, boolean]> = [
    ['celery.chord_unlock', chordUnlock(deps), true],
    // celery.chord(header, body, partial_args=(), interval=None, countdown=1, max_retries=None, ...)
    ['celery.chord', applyComposite(deps, 'chord', ['header', 'body', 'partial_args']), false],
    ['celery.group', groupTask(deps), false],
    ['celery.chain', chainTask, false],
    ['celery.map', mapTask(resolveRoute, false), false],
    ['celery.starmap', mapTask(resolveRoute, true), false],
    // celery.chunks(task, it, n): a group of celery.starmap tasks.
    ['celery.chunks', applyComposite(deps, 'chunks', ['task', 'it', 'n']), false],
    ['celery.accumulate', accumulate, false],
    ['celery.backend_cleanup', backendCleanup, true],
  ];
  return new Map(
    bodies.map(([task, body, ignoreResult]) => {
      const executor: Executor = { execute: body };
      return [task, { task, url: `builtin://${task}`, executor, ignoreResult }];
    }),
  );
}
