import { describe, expect, it } from 'vitest';
import { redactUrl } from './redactUrl.js';

describe('redactUrl', () => {
  it('hides userinfo and query values but keeps host, path and query keys', () => {
    expect(redactUrl('https://user:pw@api.example.com/run?key=abc&x=1#frag')).toBe(
      'https://***@api.example.com/run?key=***&x=***',
    );
  });

  it('leaves a URL without secrets readable', () => {
    expect(redactUrl('lambda://my-function/live')).toBe('lambda://my-function/live');
  });

  it('never echoes an unparseable value', () => {
    expect(redactUrl('http://[bad')).toBe('<invalid url>');
  });
});
