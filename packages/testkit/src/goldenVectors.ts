import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The golden vectors captured from real Celery, kept in this package (`vectors/README.md` says how they were made). */
export const VECTORS_DIR = new URL('../vectors/', import.meta.url).pathname;

/** The clock the vector generator pinned: every `date_done` and `timestamp` derives from it. */
export const VECTOR_CLOCK = new Date('2025-06-01T12:00:00.250Z');

/**
 * Every `.json` vector file below `sub` (e.g. `results/dynamodb`), sorted, as text: callers parse
 * it with the codec's lossless parser (the files hold integers beyond 2^53 and NaN).
 *
 * @example
 * ```ts
 * const files = readVectorFiles('messages').map((f) => parseKombuJson(f.text));
 * ```
 */
export function readVectorFiles(sub: string): Array<{ name: string; text: string }> {
  const root = join(VECTORS_DIR, sub);
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? walk(p) : n.endsWith('.json') ? [p] : [];
      });
  return walk(root).map((p) => ({ name: relative(root, p), text: readFileSync(p, 'utf8') }));
}

/**
 * The result meta a result vector's `input` describes, at the pinned clock (`M` is core's
 * `ResultMeta`; testkit stays free of workspace dependencies).
 *
 * @example
 * ```ts
 * const meta = resultMetaFromVector<ResultMeta>(vector.input);
 * ```
 */
export function resultMetaFromVector<M>(input: Record<string, unknown>): M {
  const state = input.state as string;
  return {
    task_id: input.task_id,
    status: state,
    result: 'exception' in input ? input.exception : input.result,
    traceback: input.traceback,
    children: input.children,
    date_done: ['SUCCESS', 'FAILURE', 'REVOKED'].includes(state) ? VECTOR_CLOCK : null,
    group_id: input.group_id,
    parent_id: input.parent_id,
    request: input.request,
  } as M;
}
