import type { WireValue } from '../types.js';

/** Celery truncates `argsrepr`/`kwargsrepr` to about this many characters (docs/protocol.md §2.2). */
export const REPR_MAX_LENGTH = 1024;

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Python's repr escapes control characters.
  const body = s.replace(/[\\\n\r\t]|[\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\\') return '\\\\';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
}

function repr(v: WireValue): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return reprString(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${reprString(k)}: ${repr(x)}`)
      .join(', ')}}`;
  }
  return String(v);
}

function truncate(s: string): string {
  return s.length > REPR_MAX_LENGTH ? `${s.slice(0, REPR_MAX_LENGTH)}...` : s;
}

/**
 * Python-like `repr` of task args as a tuple, for the display-only `argsrepr` header.
 *
 * @example
 * ```ts
 * argsRepr([2, 'a']); // "(2, 'a')"
 * ```
 */
export function argsRepr(args: WireValue[]): string {
  return truncate(args.length === 1 ? `(${repr(args[0])},)` : `(${args.map(repr).join(', ')})`);
}

/**
 * Python-like `repr` of task kwargs, for the display-only `kwargsrepr` header.
 *
 * @example
 * ```ts
 * kwargsRepr({ x: 1 }); // "{'x': 1}"
 * ```
 */
export function kwargsRepr(kwargs: Record<string, WireValue>): string {
  return truncate(repr(kwargs));
}

/**
 * Python's `repr()` of a stored exception: `ValueError('bad')`, `KeyError('a', 1)`, `ValueError()`.
 * Used where Celery embeds `repr(exc)` in a message (`ChordError`).
 *
 * @example
 * ```ts
 * exceptionRepr({ exc_type: 'ValueError', exc_message: ['bad'], exc_module: 'builtins' }); // "ValueError('bad')"
 * ```
 */
export function exceptionRepr(exception: {
  exc_type: string;
  exc_message: WireValue[] | WireValue;
}): string {
  const args = Array.isArray(exception.exc_message) ? exception.exc_message : [exception.exc_message];
  return `${exception.exc_type}(${args.map(repr).join(', ')})`;
}
