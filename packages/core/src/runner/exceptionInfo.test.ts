import { describe, expect, it } from 'vitest';
import { TaskError } from './errors.js';
import { exceptionInfoFromError, pythonTraceback } from './exceptionInfo.js';

describe('exceptionInfoFromError', () => {
  it.each([
    [new TypeError('t'), 'TypeError', 'builtins'],
    [new RangeError('r'), 'ValueError', 'builtins'],
    [new Error('e'), 'Exception', 'builtins'],
  ])('maps %s to a catchable Python builtin', (error, excType, excModule) => {
    expect(exceptionInfoFromError(error)).toEqual({
      exc_type: excType,
      exc_message: [error.message],
      exc_module: excModule,
    });
  });

  it('keeps the exact class a TaskError names', () => {
    const error = new TaskError({ excType: 'MyError', excModule: 'proj', excMessage: [42, 'bad thing'] });
    expect(exceptionInfoFromError(error)).toEqual({
      exc_type: 'MyError',
      exc_message: [42, 'bad thing'],
      exc_module: 'proj',
    });
  });

  it('puts custom JS error names in a module the client never imports', () => {
    class PaymentDeclined extends Error {
      override name = 'PaymentDeclined';
    }
    expect(exceptionInfoFromError(new PaymentDeclined('card'))).toEqual({
      exc_type: 'PaymentDeclined',
      exc_message: ['card'],
      exc_module: 'celery_cloud.errors',
    });
  });

  it('turns a thrown non-error into builtins.Exception with its string form', () => {
    expect(exceptionInfoFromError('nope')).toEqual({
      exc_type: 'Exception',
      exc_message: ['nope'],
      exc_module: 'builtins',
    });
  });
});

describe('pythonTraceback', () => {
  it('renders the JS stack most recent call last, ending with the Python exception line', () => {
    const error = new Error('boom');
    error.stack =
      'Error: boom\n    at inner (file:///app/tasks.ts:10:5)\n    at async outer (/app/run.ts:3:1)\n    at /app/main.ts:1:1';
    expect(pythonTraceback(error, exceptionInfoFromError(error), { file: 'x', fn: 'x' })).toBe(
      'Traceback (most recent call last):\n' +
        '  File "/app/main.ts", line 1, in <module>\n' +
        '  File "/app/run.ts", line 3, in outer\n' +
        '  File "/app/tasks.ts", line 10, in inner\n' +
        'Exception: boom\n',
    );
  });

  it('qualifies non-builtin exceptions and uses the fallback frame when there is no stack', () => {
    const info = { exc_type: 'PaymentDeclined', exc_message: ['card 42'], exc_module: 'shop.errors' };
    expect(pythonTraceback(null, info, { file: 'https://api/x', fn: 'proj.pay' })).toBe(
      'Traceback (most recent call last):\n  File "https://api/x", line 1, in proj.pay\nshop.errors.PaymentDeclined: card 42\n',
    );
  });

  it('names a thrown value that String() cannot convert instead of failing itself', () => {
    expect(exceptionInfoFromError({ toString: false })).toEqual({
      exc_type: 'Exception',
      exc_message: ['[object Object]'],
      exc_module: 'builtins',
    });
    expect(exceptionInfoFromError(Object.create(null))).toMatchObject({ exc_message: ['[object Object]'] });
  });
});
