import { describe, expect, it } from 'vitest';
import { signatureKind } from '../canvas/applySignature.js';
import { republishEnvelope } from '../runner/republish.js';
import { decodeMessage } from './decodeMessage.js';
import { encodeTaskMessage } from './encodeTaskMessage.js';
import { wrapForTransport } from './transport.js';

/** A message whose custom headers are the given JSON object text, as a client could send it. */
function withHeaders(headersJson: string): string {
  const envelope = encodeTaskMessage({ id: 'p-1', task: 'proj.add', args: [1], kwargs: {} });
  const text = JSON.stringify(envelope).replace('"headers":{', `"headers":{${headersJson},`);
  return Buffer.from(text).toString('base64');
}

describe('keys from message data stay data', () => {
  it('keeps a __proto__ custom header in decode output and in a republished message', () => {
    const task = decodeMessage('sqs', withHeaders('"__proto__": {"polluted": 1}, "toString": "x"'));
    expect(Object.keys(task.custom_headers)).toEqual(['__proto__', 'toString']);
    expect(Object.getPrototypeOf(task.custom_headers)).toBe(Object.prototype);
    const again = decodeMessage(
      'sqs',
      wrapForTransport(republishEnvelope(task, { retries: 1 }, 'celery'), 'sqs'),
    );
    expect(Object.keys(again.custom_headers)).toEqual(['__proto__', 'toString']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads a task named like an Object.prototype member as a plain task signature', () => {
    for (const task of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(
        signatureKind({ task, args: [], kwargs: {}, options: {}, subtask_type: null, immutable: false }),
      ).toBe('task');
    }
  });
});
