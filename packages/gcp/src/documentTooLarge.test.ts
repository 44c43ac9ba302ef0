import { ResultTooLarge } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { documentTooLarge } from './documentTooLarge.js';

describe('documentTooLarge', () => {
  it('turns a refusal for size into ResultTooLarge', () => {
    const refused = Object.assign(new Error('Property result is longer than 1048487 bytes.'), { code: 3 });
    expect(documentTooLarge(refused)).toBeInstanceOf(ResultTooLarge);
  });

  it('leaves other refusals as they are', () => {
    const denied = Object.assign(new Error('Missing or insufficient permissions.'), { code: 7 });
    expect(documentTooLarge(denied)).toBe(denied);
  });
});
