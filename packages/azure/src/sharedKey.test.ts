import { describe, expect, it } from 'vitest';
import { sharedKeyAuthorization, sharedKeyStringToSign } from './sharedKey.js';

// The expected texts follow the Shared Key rules for service version 2015-02-21 and later; the
// signatures were computed apart from this code, with
// `printf '<text>' | openssl dgst -sha256 -mac HMAC -macopt key:key -binary | base64`.
const key = Buffer.from('key');
const date = 'Sun, 29 Nov 2026 00:00:00 GMT';

const putBlob = {
  method: 'PUT',
  url: new URL('https://myaccount.blob.core.windows.net/celery/base/celery-task-meta-1'),
  headers: {
    'content-length': '2',
    'content-type': 'application/octet-stream',
    'if-none-match': '*',
    'x-ms-version': '2021-08-06',
    'x-ms-date': date,
    'x-ms-blob-type': 'BlockBlob',
  },
};

const createContainer = {
  method: 'PUT',
  url: new URL('http://127.0.0.1:10000/devstoreaccount1/celery?restype=container'),
  headers: { 'content-length': '0', 'x-ms-date': date, 'x-ms-version': '2021-08-06' },
};

describe('Shared Key signing', () => {
  it('signs the verb, the standard headers in their order, the sorted x-ms- headers and the resource', () => {
    expect(sharedKeyStringToSign(putBlob, 'myaccount')).toBe(
      'PUT\n\n\n2\n\napplication/octet-stream\n\n\n\n*\n\n\n' +
        `x-ms-blob-type:BlockBlob\nx-ms-date:${date}\nx-ms-version:2021-08-06\n` +
        '/myaccount/celery/base/celery-task-meta-1',
    );
  });

  it('signs a zero Content-Length as empty, the path as the URL has it (the emulator account twice) and the query after it', () => {
    expect(sharedKeyStringToSign(createContainer, 'devstoreaccount1')).toBe(
      `PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:${date}\nx-ms-version:2021-08-06\n` +
        '/devstoreaccount1/devstoreaccount1/celery\nrestype:container',
    );
  });

  it('gives the HMAC-SHA256 of that text under the account key, named after the account', () => {
    expect(sharedKeyAuthorization(putBlob, 'myaccount', key)).toBe(
      'SharedKey myaccount:KwBwHXdsS5n6N8NzfaZeMwUNC2Qop+rJjyj7g1t36QE=',
    );
    expect(sharedKeyAuthorization(createContainer, 'devstoreaccount1', key)).toBe(
      'SharedKey devstoreaccount1:ku6l+arQXYKYXHp84JMm0ZrobSmEKp2zsKpK89KNJb0=',
    );
  });

  it('lowercases query names, joins repeated values sorted, and folds whitespace in x-ms- values', () => {
    const request = {
      method: 'get',
      url: new URL('https://a.blob.core.windows.net/c?comp=list&Include=b&include=a'),
      headers: { 'x-ms-meta-note': '  two   words ' },
    };
    expect(sharedKeyStringToSign(request, 'a')).toBe(
      'GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-meta-note:two words\n/a/c\ncomp:list\ninclude:a,b',
    );
  });
});
