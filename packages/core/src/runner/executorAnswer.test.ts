import { describe, expect, it } from 'vitest';
import {
  answerFromBody,
  answerFromFunctionError,
  answerFromHttp,
  answerFromLambdaPayload,
} from './executorAnswer.js';

const source = { target: 'lambda://resize', task: 'img.resize' };

describe('answerFromBody', () => {
  it('takes any value written before the protocol as the result', () => {
    expect(answerFromBody({ width: 3 }, source)).toEqual({ status: 'success', value: { width: 3 } });
    expect(answerFromBody(null, source)).toEqual({ status: 'success', value: null });
    expect(answerFromBody({ retry: { countdown: 1 }, other: 1 }, source)).toMatchObject({
      status: 'success',
    });
  });

  it('reads the three celery-cloud/1 answers', () => {
    expect(answerFromBody({ protocol: 'celery-cloud/1', status: 'success', result: [1] }, source)).toEqual({
      status: 'success',
      value: [1],
    });
    expect(
      answerFromBody(
        {
          protocol: 'celery-cloud/1',
          status: 'failure',
          exc_type: 'ValueError',
          exc_message: 'bad',
          traceback: 'T',
        },
        source,
      ),
    ).toEqual({
      status: 'failure',
      exception: { exc_type: 'ValueError', exc_message: ['bad'], exc_module: 'builtins' },
      traceback: 'T',
    });
    expect(
      answerFromBody(
        {
          protocol: 'celery-cloud/1',
          status: 'retry',
          retry: { eta: '2030-01-01T00:00:00Z', max_retries: null, exc: { exc_type: 'TimeoutError' } },
        },
        source,
      ),
    ).toEqual({
      status: 'retry',
      eta: '2030-01-01T00:00:00Z',
      maxRetries: null,
      exception: { exc_type: 'TimeoutError', exc_message: [], exc_module: 'builtins' },
    });
  });

  it('fails with ProtocolError on a malformed or unknown celery-cloud answer, never SUCCESS', () => {
    for (const answer of [
      { protocol: 'celery-cloud/2', status: 'success', result: 1 },
      { protocol: 'celery-cloud/1', status: 'done' },
      { protocol: 'celery-cloud/1', status: 'failure' },
      { protocol: 'celery-cloud/1', status: 'retry', retry: { countdown: -1 } },
      { protocol: 'celery-cloud/1', status: 'retry', retry: { eta: 'tomorrow' } },
    ]) {
      const result = answerFromBody(answer, source);
      expect(result).toMatchObject({
        status: 'failure',
        exception: { exc_type: 'ProtocolError', exc_module: 'celery_cloud.errors' },
      });
    }
  });
});

describe('answerFromHttp', () => {
  it('says whether the function answered, so transports retry only what it did not', () => {
    expect(answerFromHttp(200, '', source)).toEqual({
      result: { status: 'success', value: null },
      answered: true,
    });
    expect(answerFromHttp(503, 'upstream busy', source)).toMatchObject({
      answered: false,
      result: { status: 'failure', exception: { exc_type: 'HTTPError' } },
    });
    expect(answerFromHttp(500, '{"exc_type": "KeyError"}', source)).toMatchObject({
      answered: true,
      result: { exception: { exc_type: 'KeyError' } },
    });
    expect(answerFromHttp(301, '', source)).toMatchObject({ answered: false });
    expect(answerFromHttp(200, 'not json', source)).toMatchObject({ answered: false });
  });
});

describe('answerFromLambdaPayload', () => {
  it('reads API-Gateway answers as HTTP answers', () => {
    expect(answerFromLambdaPayload({ statusCode: 200, body: '[1, 2]' }, source)).toEqual({
      status: 'success',
      value: [1, 2],
    });
    expect(answerFromLambdaPayload({ statusCode: 200, body: 'plain text' }, source)).toEqual({
      status: 'success',
      value: 'plain text',
    });
    expect(
      answerFromLambdaPayload(
        { statusCode: 200, isBase64Encoded: true, body: Buffer.from('{"a": 1}').toString('base64') },
        source,
      ),
    ).toEqual({ status: 'success', value: { a: 1 } });
    expect(answerFromLambdaPayload({ statusCode: 500, body: 'Internal Server Error' }, source)).toMatchObject(
      {
        status: 'failure',
        exception: {
          exc_type: 'HTTPError',
          exc_message: ['500 Server Error for url: lambda://resize: Internal Server Error'],
        },
      },
    );
    expect(answerFromLambdaPayload({ statusCode: 404, body: '' }, source)).toMatchObject({
      status: 'failure',
    });
  });

  it('keeps an object that merely has a statusCode among other fields as the value', () => {
    expect(answerFromLambdaPayload({ statusCode: 500, service: 'x' }, source)).toEqual({
      status: 'success',
      value: { statusCode: 500, service: 'x' },
    });
  });
});

describe('answerFromFunctionError', () => {
  it('keeps a Python runtime error and its frames as the traceback', () => {
    const result = answerFromFunctionError(
      {
        errorType: 'ValueError',
        errorMessage: 'bad size',
        stackTrace: ['  File "/var/task/app.py", line 3, in handler\n    raise ValueError("bad size")\n'],
      },
      source,
    );
    expect(result).toEqual({
      status: 'failure',
      exception: { exc_type: 'ValueError', exc_message: ['bad size'], exc_module: 'builtins' },
      traceback:
        'Traceback (most recent call last):\n  File "/var/task/app.py", line 3, in handler\n    raise ValueError("bad size")\nValueError: bad size\n',
    });
  });
});
