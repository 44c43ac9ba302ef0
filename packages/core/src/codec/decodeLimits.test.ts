import { deflateSync } from 'node:zlib';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { beforeAll, describe, expect, it } from 'vitest';
import { DecodeError } from '../errors.js';
import { decompress } from './compression.js';
import {
  DEFAULT_DECODE_LIMITS,
  DecodeLimitExceeded,
  type DecodeLimitName,
  decodeLimits,
} from './decodeLimits.js';
import { decodeMessage } from './decodeMessage.js';
import { loadCodecs } from './optionalCodecs.js';
import { deserialize } from './serializers.js';

/** Python's `bz2.compress(b' ' * 64 MiB)`: 97 bytes. */
const BZIP2_BOMB = Buffer.from(
  'QlpoOTFBWSZTWbUiZb8BX44QAMAAAAggADCATUZCoCWpCoCXMUFZJlNZqKLo3gCiddAAwABAAAAIIAAgpTQZjjVFRCbFRUQni7kinChIYXMR0IA=',
  'base64',
);

function limitOf(run: () => unknown): DecodeLimitName {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeLimitExceeded);
    expect(error).toBeInstanceOf(DecodeError);
    return (error as DecodeLimitExceeded).limit;
  }
  throw new Error('no limit was reached');
}

const json = (text: string, limits = DEFAULT_DECODE_LIMITS) =>
  deserialize('application/json', Buffer.from(text), undefined, limits);
const yaml = (text: string, limits = DEFAULT_DECODE_LIMITS) =>
  deserialize('application/x-yaml', Buffer.from(text), undefined, limits);
const msgpack = (data: Uint8Array, limits = DEFAULT_DECODE_LIMITS) =>
  deserialize('application/x-msgpack', Buffer.from(data), undefined, limits);

/** CPU time this process spent since `start`, in ms: unlike the wall clock, not stretched when a busy machine runs other work. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

beforeAll(() => loadCodecs());

describe('decompression', () => {
  it('stops a bzip2 bomb at the cap while inflating, in bounded time and memory', () => {
    const started = process.cpuUsage();
    const rss = process.memoryUsage().rss;
    expect(limitOf(() => decompress('bzip2', BZIP2_BOMB, 1024 * 1024))).toBe('maxDecompressedBytes');
    expect(cpuMsSince(started)).toBeLessThan(2000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024);
  });

  it('stops a zlib bomb at the cap', () => {
    const bomb = deflateSync(Buffer.alloc(32 * 1024 * 1024, 0x20));
    expect(limitOf(() => decompress('application/x-gzip', bomb, 1024 * 1024))).toBe('maxDecompressedBytes');
  });

  it('inflates bodies up to the cap exactly', () => {
    const body = Buffer.alloc(4096, 0x61);
    expect(decompress('zlib', deflateSync(body), 4096)).toEqual(body);
    expect(limitOf(() => decompress('zlib', deflateSync(body), 4095))).toBe('maxDecompressedBytes');
  });

  it('names the limit and its setting in the message', () => {
    expect(() => decompress('bzip2', BZIP2_BOMB, 1000)).toThrow(
      'compression: bzip2 body exceeds maxDecompressedBytes 1000 (CELERY_CLOUD_MAX_DECOMPRESSED_BYTES)',
    );
  });
});

describe('JSON structure', () => {
  it('refuses a body of more values than maxElements, however few bytes it is', () => {
    const manyObjects = `[${'{},'.repeat(2_000_000)}{}]`;
    expect(limitOf(() => json(manyObjects))).toBe('maxElements');
  });

  it('counts every value, so the limit is exact', () => {
    const limits = decodeLimits({ maxElements: 4 });
    expect(json('[1, {"a": 2}]', limits)).toEqual([1, { a: 2 }]);
    expect(limitOf(() => json('[1, {"a": 2}, 3]', limits))).toBe('maxElements');
  });

  it('refuses integers longer than maxIntegerDigits before converting them', () => {
    expect(json(`[${'9'.repeat(4300)}]`)).toEqual([BigInt('9'.repeat(4300))]);
    const started = process.cpuUsage();
    expect(limitOf(() => json(`[${'9'.repeat(16_000_000)}]`))).toBe('maxIntegerDigits');
    expect(cpuMsSince(started)).toBeLessThan(2000);
  });

  it('refuses nesting deeper than maxDepth', () => {
    expect(json(`${'['.repeat(513)}${']'.repeat(513)}`)).toHaveLength(1);
    expect(limitOf(() => json(`${'['.repeat(514)}${']'.repeat(514)}`))).toBe('maxDepth');
    expect(json(`${'['.repeat(10)}${']'.repeat(10)}`, decodeLimits({ maxDepth: 9 }))).toHaveLength(1);
  });
});

describe('the envelope', () => {
  it('is held to the same limits as the body', () => {
    const envelope = JSON.stringify({
      body: '',
      'content-type': 'application/json',
      headers: { x: Array(50).fill(0) },
    });
    const payload = Buffer.from(envelope).toString('base64');
    expect(() => decodeMessage('sqs', payload, { limits: { maxElements: 20 } })).toThrow(DecodeLimitExceeded);
  });
});

describe('msgpack structure', () => {
  it('refuses nesting deeper than maxDepth', () => {
    const deep = Buffer.concat([Buffer.alloc(600, 0x91), Buffer.from([0x01])]);
    expect(limitOf(() => msgpack(deep))).toBe('maxDepth');
  });

  it('refuses a million one-byte empty maps before building any of them', () => {
    const body = Buffer.concat([Buffer.from([0xdd, 0x00, 0x20, 0x00, 0x00]), Buffer.alloc(0x200000, 0x80)]);
    expect(limitOf(() => msgpack(body))).toBe('maxElements');
  });

  it('decodes what fits', () => {
    expect(msgpack(msgpackEncode([[1, 2], { a: 'b' }, null]))).toEqual([[1, 2], { a: 'b' }, null]);
  });

  it('refuses a container that claims more values than bytes remain', () => {
    expect(() => msgpack(Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff]))).toThrow(DecodeError);
  });
});

describe('YAML structure', () => {
  it('refuses nesting deeper than maxDepth', () => {
    expect(limitOf(() => yaml(`${'['.repeat(600)}${']'.repeat(600)}`))).toBe('maxDepth');
  });

  it('refuses more values than maxElements, also through aliases that repeat a structure', () => {
    const limits = decodeLimits({ maxElements: 1000 });
    expect(limitOf(() => yaml(`[${'{}, '.repeat(2000)}{}]`, limits))).toBe('maxElements');
    const aliases = `- &a [${Array.from({ length: 100 }, (_, i) => i).join(', ')}]\n${'- *a\n'.repeat(20)}`;
    expect(limitOf(() => yaml(aliases, limits))).toBe('maxElements');
  });

  it('refuses integers longer than maxIntegerDigits', () => {
    expect(limitOf(() => yaml(`[${'7'.repeat(5000)}]`))).toBe('maxIntegerDigits');
    expect(yaml(`[${'7'.repeat(30)}]`)).toEqual([BigInt('7'.repeat(30))]);
  });
});
