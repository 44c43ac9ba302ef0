import { describe, expect, it } from 'vitest';
import { parseKombuJson } from './kombuJson.js';
import { setOwn } from './setOwn.js';

describe('setOwn', () => {
  it('keeps a __proto__ key as data and leaves the prototype alone', () => {
    const out: Record<string, unknown> = {};
    setOwn(out, '__proto__', { polluted: true });
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('is what the JSON parser uses for payload keys', () => {
    const parsed = parseKombuJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
