/**
 * JS error → Celery exception document (docs/protocol.md §6.3) and Python-shaped traceback text that the
 * client's tblib parses (docs/protocol.md §8.15).
 */
import type { ExceptionInfo } from '../types.js';
import { TaskError } from './errors.js';

// JS built-in errors mapped to the Python class a caller would catch for the same mistake.
const builtinErrors: Record<string, string> = {
  Error: 'Exception',
  TypeError: 'TypeError',
  RangeError: 'ValueError',
  SyntaxError: 'SyntaxError',
  ReferenceError: 'NameError',
  EvalError: 'Exception',
  URIError: 'ValueError',
  AggregateError: 'Exception',
};

/** Module of exceptions whose JS name has no Python counterpart: never importable on the
 * client, so it synthesizes an Exception subclass of that name (docs/protocol.md §6.3) and never resolves a
 * non-exception builtin (which would raise SecurityError). */
const JS_ERROR_MODULE = 'celery_cloud.errors';

/**
 * Map any thrown value to the exception Celery stores: {@link TaskError} keeps its exact class;
 * `TypeError` → `builtins.TypeError`, `RangeError` → `builtins.ValueError`, `Error` →
 * `builtins.Exception`; other error names → `celery_cloud.errors.<name>`; non-errors →
 * `builtins.Exception` with their string form.
 *
 * @example
 * ```ts
 * exceptionInfoFromError(new RangeError('too big')); // {exc_type: 'ValueError', exc_message: ['too big'], exc_module: 'builtins'}
 * ```
 */
export function exceptionInfoFromError(error: unknown): ExceptionInfo {
  if (error instanceof TaskError) return error.toExceptionInfo();
  if (error instanceof Error) {
    const python = builtinErrors[error.name];
    return python
      ? { exc_type: python, exc_message: [error.message], exc_module: 'builtins' }
      : { exc_type: error.name || 'Exception', exc_message: [error.message], exc_module: JS_ERROR_MODULE };
  }
  return { exc_type: 'Exception', exc_message: [thrownText(error)], exc_module: 'builtins' };
}

/**
 * The text of anything a task may throw. `String()` itself throws for some values (an object
 * whose `toString` is not a function, a null-prototype object); those are named by their tag.
 *
 * @example
 * ```ts
 * thrownText({ toString: false }); // '[object Object]'
 * ```
 */
export function thrownText(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

interface Frame {
  file: string;
  line: number;
  fn: string;
}

const frameWithName = /^\s*at (?:async )?(.+?) \((.+):(\d+):\d+\)$/;
const frameWithoutName = /^\s*at (?:async )?(.+):(\d+):\d+$/;

function parseStack(stack: string | undefined): Frame[] {
  const frames: Frame[] = [];
  for (const line of (stack ?? '').split('\n')) {
    const [, fn, file, at] = frameWithName.exec(line) ?? [];
    const [, bareFile, bareAt] = fn === undefined ? (frameWithoutName.exec(line) ?? []) : [];
    if (fn !== undefined && file !== undefined) frames.push({ fn, file, line: Number(at) });
    else if (bareFile !== undefined) frames.push({ fn: '<module>', file: bareFile, line: Number(bareAt) });
  }
  return frames.map((f) => ({ ...f, file: f.file.replace(/^file:\/\//, '') }));
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/**
 * Render a Python-style traceback from a JS error's stack, most recent call last, ending with
 * `<module>.<type>: <message>` (the module is omitted for `builtins`, as Python prints it).
 * `fallback` names the frame used when the stack has none, since tblib needs at least one.
 *
 * @example
 * ```ts
 * pythonTraceback(err, exceptionInfoFromError(err), { file: 'proj.add', fn: 'proj.add' });
 * // 'Traceback (most recent call last):\n  File "/app/tasks.ts", line 10, in add\nValueError: bad\n'
 * ```
 */
export function pythonTraceback(
  error: unknown,
  exception: ExceptionInfo,
  fallback: { file: string; fn: string },
): string {
  const frames = parseStack(error instanceof Error ? error.stack : undefined).reverse();
  if (frames.length === 0) frames.push({ file: fallback.file, line: 1, fn: fallback.fn });
  const body = frames.map((f) => `  File "${f.file}", line ${f.line}, in ${f.fn}\n`).join('');
  const type =
    exception.exc_module === 'builtins'
      ? exception.exc_type
      : `${exception.exc_module}.${exception.exc_type}`;
  const message = exception.exc_message.map((part) => (typeof part === 'string' ? part : String(part)));
  const text = oneLine(message.join(', '));
  return `Traceback (most recent call last):\n${body}${text ? `${type}: ${text}` : type}\n`;
}

/**
 * The FAILURE an executor's thrown error (or rejection) stands for: its mapped exception and a
 * Python-shaped traceback of its stack.
 *
 * @example
 * ```ts
 * failureFromError(new RangeError('too big'), call); // {status: 'failure', exception: {exc_type: 'ValueError', ...}, traceback: '...'}
 * ```
 */
export function failureFromError(
  error: unknown,
  call: { task: string },
): { status: 'failure'; exception: ExceptionInfo; traceback: string } {
  const exception = exceptionInfoFromError(error);
  return {
    status: 'failure',
    exception,
    traceback: pythonTraceback(error, exception, { file: call.task, fn: call.task }),
  };
}
