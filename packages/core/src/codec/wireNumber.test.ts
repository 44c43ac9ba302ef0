import { describe, expect, it } from 'vitest';
import { PyFloat } from './PyFloat.js';
import { parseKombuJson } from './kombuJson.js';
import { wireInteger, wireNumber } from './wireNumber.js';

describe('wireNumber', () => {
  it('reads what Python json.dumps writes for floats and ints alike', () => {
    const parsed = parseKombuJson('{"countdown": 5.0, "max_retries": 10, "ratio": 0.5}') as Record<
      string,
      PyFloat | number
    >;
    expect(wireNumber(parsed.countdown)).toBe(5);
    expect(wireNumber(parsed.max_retries)).toBe(10);
    expect(wireNumber(parsed.ratio)).toBe(0.5);
  });

  it('is null for anything that is not a number', () => {
    for (const value of ['5', null, true, [5], { value: 5 }, undefined]) expect(wireNumber(value)).toBeNull();
  });

  it('reads big integers as doubles', () => {
    expect(wireNumber(2n ** 60n)).toBe(2 ** 60);
  });
});

describe('wireInteger', () => {
  it('accepts integral floats as Python compares them', () => {
    expect(wireInteger(new PyFloat(10))).toBe(10);
    expect(wireInteger(3)).toBe(3);
  });

  it('is null for fractions, non-finite values and unsafe integers', () => {
    for (const value of [2.5, Number.NaN, Number.POSITIVE_INFINITY, 2n ** 60n, '3'])
      expect(wireInteger(value)).toBeNull();
  });
});
