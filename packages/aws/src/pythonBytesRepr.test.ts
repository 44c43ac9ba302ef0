import { describe, expect, it } from 'vitest';
import { pythonBytesRepr } from './pythonBytesRepr.js';

describe('pythonBytesRepr (the DynamoDB key Celery stores, docs/protocol.md §6.4)', () => {
  it.each([
    ['celery-task-meta-abc', "b'celery-task-meta-abc'"],
    ["celery-task-meta-it's", `b"celery-task-meta-it's"`],
    [`celery-task-meta-'"`, `b'celery-task-meta-\\'"'`],
    ['celery-task-meta-é', "b'celery-task-meta-\\xc3\\xa9'"],
    ['celery-task-meta-a\tb', "b'celery-task-meta-a\\tb'"],
    ['celery-task-meta-a\\b', "b'celery-task-meta-a\\\\b'"],
    ['celery-task-meta-\u0001\u007f', "b'celery-task-meta-\\x01\\x7f'"],
  ])('renders %j as Python does', (text, repr) => {
    expect(pythonBytesRepr(text)).toBe(repr);
  });
});
