/**
 * Python's `repr()` of a `bytes` value holding the UTF-8 of `text`. Celery's DynamoDB backend
 * stores its key as `str(b'celery-task-meta-<id>')`, so the stored string is this repr, quotes
 * and escapes included (docs/protocol.md §6.4, §8.11).
 *
 * @example
 * ```ts
 * pythonBytesRepr('celery-task-meta-abc'); // "b'celery-task-meta-abc'"
 * pythonBytesRepr("it's");                 // `b"it's"`
 * ```
 */
export function pythonBytesRepr(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let out = `b${quote}`;
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x27 && quote === "'") out += "\\'";
    else if (b === 0x09) out += '\\t';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out + quote;
}
