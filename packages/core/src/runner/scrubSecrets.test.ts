import { describe, expect, it } from 'vitest';
import { PyFloat } from '../codec/PyFloat.js';
import { maskSecrets, routeSecrets, scrubSecrets } from './scrubSecrets.js';

const route = new URL('https://user:s3cr%2Ft-pass@api.example.com/run?code=fn-key-123&on=1');
const secrets = routeSecrets(route, { authorization: 'Bearer tok-45678', 'x-flag': 'yes' });
const basic = Buffer.from('user:s3cr/t-pass').toString('base64');

describe('routeSecrets', () => {
  it('collects the password, query values, header values and their words, and the Basic-auth value', () => {
    for (const secret of [
      's3cr/t-pass',
      's3cr%2Ft-pass',
      'fn-key-123',
      'Bearer tok-45678',
      'tok-45678',
      basic,
    ])
      expect(secrets.values).toContain(secret);
  });

  it('leaves out values too short to tell from ordinary words, and the username', () => {
    for (const common of ['1', 'yes', 'Bearer', 'user']) expect(secrets.values).not.toContain(common);
    expect(secrets.usernames).toEqual(['user']);
  });
});

describe('maskSecrets', () => {
  it('masks a secret in every form an answer may quote it', () => {
    const echoed = `pw=s3cr/t-pass enc=s3cr%2Ft-pass json="s3cr\\/t-pass" auth=Basic ${basic} key=fn-key-123`;
    expect(maskSecrets(echoed, secrets)).toBe('pw=*** enc=*** json="***" auth=Basic *** key=***');
  });

  it('masks a username only as URL userinfo, never as a word', () => {
    const text = 'no user named user; called https://user:s3cr/t-pass@api.example.com and //user@host';
    expect(maskSecrets(text, secrets)).toBe(
      'no user named user; called https://***:***@api.example.com and //***@host',
    );
  });
});

describe('scrubSecrets', () => {
  it('masks every field of a stored failure: class, module, nested message items and keys, traceback', () => {
    const scrubbed = scrubSecrets(
      {
        status: 'failure',
        exception: {
          exc_type: 'Errfn-key-123',
          exc_module: 'mod.fn-key-123',
          exc_message: [{ 'fn-key-123': ['deep fn-key-123', 7, new PyFloat(2)] }, 'tok-45678'],
        },
        traceback: `Traceback: ${basic}`,
      },
      secrets,
    );
    expect(scrubbed).toEqual({
      status: 'failure',
      exception: {
        exc_type: 'Err***',
        exc_module: 'mod.***',
        exc_message: [{ '***': ['deep ***', 7, new PyFloat(2)] }, '***'],
      },
      traceback: 'Traceback: ***',
    });
  });

  it('masks a retry exception and eta, and a success value', () => {
    expect(
      scrubSecrets(
        {
          status: 'retry',
          eta: 'fn-key-123',
          exception: { exc_type: 'E', exc_module: 'm', exc_message: ['s3cr/t-pass'] },
        },
        secrets,
      ),
    ).toEqual({
      status: 'retry',
      eta: '***',
      exception: { exc_type: 'E', exc_module: 'm', exc_message: ['***'] },
    });
    expect(scrubSecrets({ status: 'success', value: { echo: ['tok-45678'] } }, secrets)).toEqual({
      status: 'success',
      value: { echo: ['***'] },
    });
  });
});
