import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PyFloat,
  decodeMessage,
  encodeTaskMessage,
  fromWire,
  parseKombuJson,
  stringifyKombuJson,
  wrapForTransport,
} from '../src/codec/index.js';
import { DecodeError } from '../src/errors.js';
import type { RawPayload, TransportName } from '../src/types.js';

/** Wire values as the parser produces them: big integers as bigint, integral floats boxed. */
const wireValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.maxSafeInteger(),
    fc
      .bigInt()
      .filter(
        (b) =>
          !Number.isSafeInteger(Number(b)) ||
          b > BigInt(Number.MAX_SAFE_INTEGER) ||
          b < -BigInt(Number.MAX_SAFE_INTEGER),
      ),
    fc.double().filter((d) => !Number.isInteger(d) && !Object.is(d, -0)),
    fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      new PyFloat(3),
      new PyFloat(-1e20),
    ),
    fc.string({ unit: 'binary' }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'binary' }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const transports: Array<'sqs' | 'azure-queue' | 'pubsub'> = ['sqs', 'azure-queue', 'pubsub'];

describe('codec properties', () => {
  it('kombu JSON text parses back to the same value', () => {
    fc.assert(
      fc.property(wireValue, (v) => {
        expect(parseKombuJson(stringifyKombuJson(v))).toEqual(v);
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees with JSON.parse on plain JSON values (integral floats unboxed)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = stringifyKombuJson(v);
        expect(fromWire(parseKombuJson(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips any args and kwargs through every transport', () => {
    fc.assert(
      fc.property(
        fc.array(wireValue, { maxLength: 4 }),
        fc.dictionary(fc.string(), wireValue, { maxKeys: 4 }),
        fc.constantFrom(...transports),
        (args, kwargs, transport) => {
          const envelope = encodeTaskMessage({ id: 'prop-1', task: 'proj.tasks.any', args, kwargs });
          const decoded = decodeMessage(transport, wrapForTransport(envelope, transport));
          expect(decoded.args).toEqual(args);
          expect(decoded.kwargs).toEqual(kwargs);
          expect(decoded.id).toBe('prop-1');
        },
      ),
      { numRuns: 600 },
    );
  });

  it('only ever throws DecodeError on arbitrary input', () => {
    const payload = fc.oneof(
      fc.string(),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('base64')),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString('base64')),
      fc
        .record({ body: fc.string(), headers: fc.object(), properties: fc.object() })
        .map((e) =>
          Buffer.from(JSON.stringify({ ...e, 'content-type': 'application/json' })).toString('base64'),
        ),
    );
    const transport = fc.constantFrom<TransportName>('sqs', 'azure-queue', 'pubsub', 'envelope');
    fc.assert(
      fc.property(payload, transport, (raw, t) => {
        const input: RawPayload =
          t === 'pubsub' ? { data_base64: raw } : t === 'envelope' ? (parseOrString(raw) as RawPayload) : raw;
        try {
          decodeMessage(t, input);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 20_000 },
    );
    // 20,000 cases: seconds on a loaded machine, more than the default 5 s timeout.
  }, 30_000);
});

function parseOrString(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
