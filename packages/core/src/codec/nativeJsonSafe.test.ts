import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS, decodeLimits } from './decodeLimits.js';
import { nativeValue } from './nativeJsonSafe.js';

describe('reading JSON natively only when that is exact', () => {
  it.each([
    ['[1, "a", {"b": null}]'],
    ['{"eta": "2025-06-01T12:00:01.250000+00:00"}'],
    ['{"retries": 0, "eta": "2025-06-01T12:00:01.25"}'],
    ['{"argsrepr": "(3.14159, -42, 1e-300)"}'],
    ['{"s": "a \\" [1.5, NaN] \\\\", "n": 12}'],
    ['{"s": "a \\" t: 1.5 \\\\", "n": 12, "t": "x: 2.0"}'],
    ['[-5, 123456789012345]'],
    ['["x, 2.5", 3]'],
    ['-0'],
    ['null'],
  ])('gives the native value of %s: floats and names inside strings are not tokens', (text) => {
    expect(nativeValue(text, DEFAULT_DECODE_LIMITS)).toEqual(JSON.parse(text));
  });

  it.each([
    ['[1.0]'],
    ['2.0'],
    ['[2.5]'],
    ['{"a": "x", "b": 2e3}'],
    ['{"a": [1, {"b": 1E2}]}'],
    ['[1, 2, -0.0]'],
    ['["a", 2.0]'],
    ['{"a":"x","b":2.0}'],
    ['{"a":\n  1.0}'],
    ['[[3.0], 1]'],
    ['{"eta": "12:00:01.25", "n": 1.5}'],
    ['{"eta": "12:00:01.25", "n": 1.0}'],
    ['[1234567890123456]'],
    ['[18446744073709551616]'],
    ['{"s": "1.5", "v": -Infinity}'],
    ['{"s": "1.5", "v": NaN}'],
    ['{"a": 1'],
  ])('gives nothing for %s: a float, a 16-digit integer, NaN/Infinity or bad JSON', (text) => {
    expect(nativeValue(text, DEFAULT_DECODE_LIMITS)).toBeUndefined();
  });

  it('gives nothing past the depth limit, and the value for many brackets within it', () => {
    const limits = decodeLimits({ maxDepth: 3 });
    expect(nativeValue('[[[[1]]]]', limits)).toBeUndefined();
    expect(nativeValue('{"d": "2025-01-01T00:00:00.5"}', limits)).toEqual({ d: '2025-01-01T00:00:00.5' });
    const many = `[${Array(10).fill('[1]').join(', ')}, "0:00.5"]`;
    expect(nativeValue(many, limits)).toEqual(JSON.parse(many));
  });

  it('gives nothing when a text longer than the value limit has more brackets and commas than it', () => {
    const limits = decodeLimits({ maxElements: 4 });
    expect(nativeValue('[1, 2, 3, 4]', limits)).toBeUndefined();
    // Counted anywhere, strings too: the lossless parser, which counts values, decides.
    expect(nativeValue('["1, 2, 3, 4", "0:00.5"]', limits)).toBeUndefined();
    expect(nativeValue('[1,2]', limits)).toEqual([1, 2]);
  });
});
