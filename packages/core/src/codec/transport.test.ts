import { describe, expect, it } from 'vitest';
import { DecodeError } from '../errors.js';
import type { KombuEnvelope } from '../types.js';
import { PyFloat } from './PyFloat.js';
import { decodeMessage } from './decodeMessage.js';
import { encodeTaskMessage } from './encodeTaskMessage.js';
import { parseKombuJson } from './kombuJson.js';
import { stringifyKombuJson } from './kombuJsonWriter.js';
import { unwrapTransport, unwrapTransportBody, wrapForTransport } from './transport.js';

/** An envelope large enough (over 8 KB) for its body to be cut out of the text. */
const envelope = (): KombuEnvelope =>
  encodeTaskMessage({ id: 't-1', task: 'proj.add', args: [1, 2.5, 'x'.repeat(9000)], kwargs: { k: 1 } });
const sqs = (json: string) => Buffer.from(json, 'utf8').toString('base64');

describe('reading a base64 envelope with its body first', () => {
  it('gives the envelope a whole-text read gives, with the body already decoded', () => {
    const env = envelope();
    const json = stringifyKombuJson(env);
    expect(json.startsWith('{"body": "')).toBe(true);
    const { envelope: read, body } = unwrapTransportBody('sqs', sqs(json));
    expect(body).not.toBeNull();
    expect(body?.equals(Buffer.from(env.body, 'base64'))).toBe(true);
    // The body's text is not made on the way: decoding never reads it.
    expect(read).toEqual({ ...unwrapTransport('envelope', parseKombuJson(json) as never), body: '' });
    const whole = unwrapTransport('sqs', sqs(json));
    expect(whole).toEqual(unwrapTransport('envelope', parseKombuJson(json) as never));
    expect(whole.body).toBe(env.body);
  });

  it('decodes a body longer than one base64 chunk (64 KiB of text) to the same bytes', () => {
    const env = encodeTaskMessage({ id: 't-1', task: 'proj.add', args: ['é'.repeat(40_000)], kwargs: {} });
    expect(env.body.length).toBeGreaterThan(3 * 65536);
    const json = stringifyKombuJson(env);
    const { body } = unwrapTransportBody('sqs', sqs(json));
    expect(body?.equals(Buffer.from(env.body, 'base64'))).toBe(true);
    expect(decodeMessage('sqs', sqs(json)).args).toEqual(['é'.repeat(40_000)]);
    expect(unwrapTransport('sqs', sqs(json)).body).toBe(env.body);
  });

  it('refuses padding that ends a chunk of a long body, as a whole-text read does', () => {
    const env = encodeTaskMessage({ id: 't-1', task: 'proj.add', args: ['y'.repeat(100_000)], kwargs: {} });
    // `=` as the last character of the first 64 KiB: valid base64 chunk by chunk, not as a whole.
    const at = 65536 - 1;
    const body = `${env.body.slice(0, at)}=${env.body.slice(at + 1)}`;
    const json = stringifyKombuJson({ ...env, body });
    expect(unwrapTransportBody('sqs', sqs(json)).body).toBeNull();
    expect(() => decodeMessage('sqs', sqs(json))).toThrow('not valid base64');
  });

  it('reads a small envelope whole: cutting its body out would cost more than it saves', () => {
    const env = encodeTaskMessage({ id: 't-1', task: 'proj.add', args: [1], kwargs: {} });
    const json = stringifyKombuJson(env);
    const { envelope: read, body } = unwrapTransportBody('sqs', sqs(json));
    expect(body).toBeNull();
    expect(read).toEqual(unwrapTransport('envelope', parseKombuJson(json) as never));
  });

  it('reads non-ASCII UTF-8 envelopes, small and large, and refuses bytes that are not UTF-8', () => {
    for (const [note, filler] of [
      ['café ☕', ''],
      ['café ☕', 'x'.repeat(9000)],
    ] as const) {
      const env = encodeTaskMessage({ id: 't-1', task: 'proj.add', args: [filler], kwargs: {} });
      env.headers.note = note;
      // kombu escapes non-ASCII; other writers send it as UTF-8.
      const json = stringifyKombuJson(env).replace(String.raw`caf\u00e9 \u2615`, note);
      const raw = Buffer.from(json, 'utf8');
      expect(raw.length).toBeGreaterThan(json.length);
      expect(decodeMessage('sqs', raw.toString('base64')).custom_headers.note).toBe(note);
      const broken = Buffer.concat([raw.subarray(0, -2), Buffer.from([0xff]), raw.subarray(-2)]);
      expect(() => decodeMessage('sqs', broken.toString('base64'))).toThrow('payload is not UTF-8 text');
    }
  });

  it('reads the whole text when a later duplicate body key is the one JSON readers keep', () => {
    const env = envelope();
    const other = Buffer.from('[[9], {}, null]').toString('base64');
    const json = stringifyKombuJson(env).replace(/}$/, `, "body": "${other}"}`);
    const { envelope: read, body } = unwrapTransportBody('sqs', sqs(json));
    expect(body).toBeNull();
    expect(read.body).toBe(other);
    expect(decodeMessage('sqs', sqs(json)).args).toEqual([9]);
  });

  it('reads the whole text when the body is not strict base64, and refuses it as before', () => {
    const json = stringifyKombuJson(envelope()).replace('{"body": "', '{"body": "@@');
    expect(unwrapTransportBody('sqs', sqs(json)).body).toBeNull();
    expect(() => decodeMessage('sqs', sqs(json))).toThrow(DecodeError);
  });

  it('reads the whole text for a body that is not base64-encoded', () => {
    const env = envelope();
    const plain = {
      ...env,
      body: '[[1], {}, null]',
      properties: { ...env.properties, body_encoding: 'utf-8' },
    };
    const json = stringifyKombuJson(plain as KombuEnvelope);
    expect(unwrapTransportBody('sqs', sqs(json)).body).toBeNull();
    expect(decodeMessage('sqs', sqs(json)).args).toEqual([1]);
  });

  it('keeps floats, big integers and NaN exact in the headers and the body', () => {
    const env = encodeTaskMessage({
      id: 't-2',
      task: 'proj.add',
      args: [new PyFloat(5), 2n ** 64n, Number.NaN, 0.25],
      kwargs: {},
      timelimit: [new PyFloat(30) as unknown as number, null],
    });
    const task = decodeMessage('sqs', wrapForTransport(env, 'sqs'));
    expect(task.args[0]).toBeInstanceOf(PyFloat);
    expect(task.args[1]).toBe(2n ** 64n);
    expect(task.args[2]).toBeNaN();
    expect(task.args[3]).toBe(0.25);
    expect(task.timelimit).toEqual([30, null]);
  });
});

describe('choosing native JSON.parse', () => {
  it.each([
    ['5.0', new PyFloat(5)],
    [' -1e2', new PyFloat(-100)],
    ['[1, 2.0]', [1, new PyFloat(2)]],
    ['{"a":\n 12345678901234567}', { a: 12345678901234567n }],
    ['[ -Infinity, NaN]', [Number.NEGATIVE_INFINITY, Number.NaN]],
    ['{"a": "1.0, 2.0", "b": [3]}', { a: '1.0, 2.0', b: [3] }],
  ])('reads %s exactly', (text, value) => {
    expect(parseKombuJson(text)).toEqual(value);
  });
});
