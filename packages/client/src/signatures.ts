/**
 * Building canvas signatures on the client: Celery's `chain`, `group` and `chord`, frozen with
 * ids so their results can be awaited.
 */
import { randomUUID } from 'node:crypto';
import { type ResultStore, type SignatureDict, type WireValue, signatureKind } from '@celery-cloud/core';
import { AsyncResult, type ParentResult } from './AsyncResult.js';
import { GroupResult } from './GroupResult.js';

/**
 * Celery's `apply_async` options, with Celery's names. Dates may be `Date`s; `countdown` and a
 * numeric `expires` are seconds from now.
 */
export interface ApplyOptions {
  task_id?: string;
  countdown?: number;
  eta?: Date | string;
  expires?: number | Date | string;
  /** The Celery queue (routing key); default: `task_routes`, then the default queue. */
  queue?: string;
  routing_key?: string;
  priority?: number;
  /** Extra message headers. */
  headers?: Record<string, WireValue>;
  link?: SignatureDict | SignatureDict[];
  link_error?: SignatureDict | SignatureDict[];
  ignore_result?: boolean;
  time_limit?: number;
  soft_time_limit?: number;
  retries?: number;
  shadow?: string;
}

/** A signature whose task returns `R` (a type only; the wire form is a Celery signature dict). */
export type Signature<R = unknown> = SignatureDict & { readonly __result?: R };

/** A group signature whose members return `R`. */
export type GroupSignature<R = unknown> = SignatureDict & { readonly __group?: R };

function composite(task: string, kind: string, kwargs: Record<string, WireValue>): SignatureDict {
  return { task, args: [], kwargs, options: {}, subtask_type: kind, immutable: false };
}

/**
 * Celery's `chain(a, b, c)`: each task gets the previous one's result as its first argument.
 * The result is the last task's.
 *
 * @example
 * ```ts
 * await client.apply(chain(add.s(1, 2), mul.s(10), add.s(4))); // AsyncResult of the last step
 * ```
 */
export function chain<R>(...tasks: [...SignatureDict[], Signature<R>]): Signature<R> {
  return composite('celery.chain', 'chain', { tasks });
}

/**
 * Celery's `group(...)`: the tasks run in parallel; the result is the list of their results.
 *
 * @example
 * ```ts
 * await (await client.apply(group(add.s(1, 1), add.s(2, 2)))).get(); // [2, 4]
 * ```
 */
export function group<R>(...tasks: Signature<R>[]): GroupSignature<R> {
  return composite('celery.group', 'group', { tasks });
}

/**
 * Celery's `chord(header, body)`: the body runs with the list of header results.
 *
 * @example
 * ```ts
 * await client.apply(chord([add.s(1, 1), add.s(2, 2)], tsum.s())); // AsyncResult of tsum
 * ```
 */
export function chord<R>(header: SignatureDict[] | GroupSignature, body: Signature<R>): Signature<R> {
  const headerGroup = Array.isArray(header) ? group(...header) : header;
  return composite('celery.chord', 'chord', { header: headerGroup, body, kwargs: {} });
}

function withId(signature: SignatureDict): SignatureDict {
  return { ...signature, options: { task_id: randomUUID(), ...signature.options } };
}

function members(signature: SignatureDict, key: 'tasks'): SignatureDict[] {
  return signature.kwargs[key] as SignatureDict[];
}

/**
 * A copy with every task id assigned, as Celery's `freeze()` does before sending.
 *
 * @example
 * ```ts
 * freeze(add.s(1, 1)).options.task_id; // a new UUID
 * ```
 */
export function freeze(signature: SignatureDict): SignatureDict {
  switch (signatureKind(signature)) {
    case 'chain':
      return {
        ...signature,
        kwargs: { ...signature.kwargs, tasks: members(signature, 'tasks').map(freeze) },
      };
    case 'group':
      return withId({
        ...signature,
        kwargs: { ...signature.kwargs, tasks: members(signature, 'tasks').map(freeze) },
      });
    case 'chord': {
      const header = freeze(signature.kwargs.header as SignatureDict);
      const body = freeze(signature.kwargs.body as SignatureDict);
      return {
        ...signature,
        kwargs: { ...signature.kwargs, header, body },
        options: { ...signature.options, task_id: header.options.task_id },
      };
    }
    default:
      return withId(signature);
  }
}

/**
 * The result object of a frozen signature: a chain's last step (its parents the earlier steps), a
 * group's {@link GroupResult}, a chord's body (its parent the header).
 *
 * @example
 * ```ts
 * resultOf(freeze(chain(a, b)), backend); // AsyncResult of b, parent a
 * ```
 */
export function resultOf(
  signature: SignatureDict,
  backend: ResultStore,
  parent: ParentResult | null = null,
): AsyncResult | GroupResult {
  const id = signature.options.task_id as string;
  switch (signatureKind(signature)) {
    case 'chain':
      return members(signature, 'tasks').reduce<AsyncResult | GroupResult>(
        (previous, step) => resultOf(step, backend, previous),
        parent as AsyncResult,
      );
    case 'group':
      return new GroupResult(
        id,
        members(signature, 'tasks').map((m) => resultOf(m, backend) as AsyncResult),
        backend,
      );
    case 'chord': {
      const header = resultOf(signature.kwargs.header as SignatureDict, backend);
      return resultOf(signature.kwargs.body as SignatureDict, backend, header);
    }
    default:
      return new AsyncResult(id, backend, parent);
  }
}
