import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS, decodeLimits } from './decodeLimits.js';
import { nativeSafe } from './nativeJsonSafe.js';

describe('deciding whether native JSON.parse is exact', () => {
  it.each([
    ['[1, "a", {"b": null}]'],
    ['{"eta": "2025-06-01T12:00:01.250000+00:00"}'],
    ['{"argsrepr": "(3.14159, -42, 1e-300)"}'],
    ['{"s": "a \\" [1.5, NaN] \\\\", "n": 12}'],
    ['[-5, 123456789012345]'],
  ])('says yes for %s: floats and names inside strings are not tokens', (text) => {
    expect(nativeSafe(text, DEFAULT_DECODE_LIMITS)).toBe(true);
  });

  it.each([
    ['[1.0]'],
    ['{"a": "x", "b": 2e3}'],
    ['{"eta": "12:00:01.25", "n": 1.5}'],
    ['[1234567890123456]'],
    ['{"s": "1.5", "v": -Infinity}'],
    ['{"s": "1.5", "v": NaN}'],
  ])('says no for %s: a float, a 16-digit integer or NaN/Infinity outside strings', (text) => {
    expect(nativeSafe(text, DEFAULT_DECODE_LIMITS)).toBe(false);
  });

  it('says no past the depth limit and yes for many brackets within it', () => {
    const limits = decodeLimits({ maxDepth: 3 });
    expect(nativeSafe('[[[[1]]]]', limits)).toBe(false);
    expect(nativeSafe('{"d": "2025-01-01T00:00:00.5"}', limits)).toBe(true);
    expect(nativeSafe(`[${Array(10).fill('[1]').join(', ')}, "0:00.5"]`, limits)).toBe(true);
  });

  it('says no when brackets and commas outside strings could hold more values than the limit', () => {
    const limits = decodeLimits({ maxElements: 4 });
    expect(nativeSafe('[1, 2, 3, 4]', limits)).toBe(false);
    expect(nativeSafe('["1, 2, 3, 4", "0:00.5"]', limits)).toBe(true);
  });
});
