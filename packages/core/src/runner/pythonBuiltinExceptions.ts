/**
 * Exception names that are Python builtins. A Python Lambda reports `errorType: "ValueError"`;
 * stored with `exc_module: "builtins"` it is raised as the real `ValueError` by the client.
 */
export const PYTHON_BUILTIN_EXCEPTIONS: ReadonlySet<string> = new Set([
  'ArithmeticError',
  'AssertionError',
  'AttributeError',
  'BufferError',
  'ConnectionError',
  'EOFError',
  'Exception',
  'FileNotFoundError',
  'FloatingPointError',
  'ImportError',
  'IndexError',
  'KeyError',
  'LookupError',
  'MemoryError',
  'ModuleNotFoundError',
  'NotImplementedError',
  'OSError',
  'OverflowError',
  'PermissionError',
  'RecursionError',
  'RuntimeError',
  'TimeoutError',
  'TypeError',
  'UnicodeDecodeError',
  'UnicodeEncodeError',
  'ValueError',
  'ZeroDivisionError',
]);
