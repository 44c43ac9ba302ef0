/**
 * The value a spec relies on, or a clear failure naming what was missing: for results, records and
 * matches a spec has just made sure of, instead of asserting them non-null.
 *
 * @example
 * ```ts
 * const meta = must(await backend.get('t1'), 'the stored meta of t1');
 * ```
 */
export function must<T>(value: T | null | undefined, what = 'a value the spec relies on'): T {
  if (value === null || value === undefined) throw new MissingValue(what);
  return value;
}

/** Thrown by {@link must} when a value a spec relies on is absent. */
export class MissingValue extends Error {
  override name = 'MissingValue';

  constructor(readonly what: string) {
    super(`missing: ${what}`);
  }
}
