import { describe, expect, it } from 'vitest';
import { SigV4Signer } from './signV4.js';

const example = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const at = new Date('2015-08-30T12:36:00Z');

describe('signing a request with AWS Signature Version 4', () => {
  it('gives the published signature of the plain GET example', () => {
    const headers = new SigV4Signer('us-east-1', 'service').sign(
      { method: 'GET', host: 'example.amazonaws.com', path: '/', headers: {}, body: '' },
      example,
      at,
    );
    expect(headers).toEqual({
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    });
  });

  it('sends and signs the session token of temporary credentials', () => {
    const headers = new SigV4Signer('us-east-1', 'service').sign(
      { method: 'GET', host: 'example.amazonaws.com', path: '/', headers: {}, body: '' },
      { ...example, sessionToken: 'token' },
      at,
    );
    expect(headers['x-amz-security-token']).toBe('token');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
    expect(headers.authorization).not.toContain(
      '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('derives the key again when the credentials change', () => {
    const signer = new SigV4Signer('us-east-1', 'service');
    const request = { method: 'GET', host: 'example.amazonaws.com', path: '/', headers: {}, body: '' };
    const first = signer.sign(request, example, at).authorization;
    const rotated = signer.sign(request, { ...example, secretAccessKey: 'another' }, at).authorization;
    expect(rotated).not.toBe(first);
    expect(signer.sign(request, example, at).authorization).toBe(first);
  });
});
