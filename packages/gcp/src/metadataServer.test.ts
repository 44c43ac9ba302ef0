import { type RecordingServer, startRecordingServer } from '@celery-cloud/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MetadataServerError,
  TOKEN_REFRESH_MARGIN_MS,
  metadataAccessTokens,
  metadataProjectId,
  metadataServerUrl,
} from './metadataServer.js';

const TOKEN_PATH = '/computeMetadata/v1/instance/service-accounts/default/token';

describe('the metadata server (a loopback server standing in for it)', () => {
  let server: RecordingServer | undefined;
  afterEach(() => server?.stop());

  /** A metadata server handing out token-1, token-2, … each valid `expiresIn` seconds. */
  const serveTokens = async (expiresIn: number, status: () => number = () => 200) => {
    let issued = 0;
    server = await startRecordingServer((request, res) => {
      if (request.path !== TOKEN_PATH || request.headers['metadata-flavor'] !== 'Google')
        return void res.writeHead(404).end();
      const code = status();
      if (code !== 200) return void res.writeHead(code).end('busy');
      issued += 1;
      const body = { access_token: `token-${issued}`, expires_in: expiresIn, token_type: 'Bearer' };
      // Answer a little later, so that callers asking at once are all waiting.
      setTimeout(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
        20,
      );
    });
    return `${server.url}/computeMetadata/v1`;
  };

  it('asks for the default service account token with Metadata-Flavor: Google', async () => {
    const base = await serveTokens(3599);
    expect(await metadataAccessTokens(base)()).toBe('token-1');
    expect(server?.requests).toMatchObject([{ path: TOKEN_PATH, headers: { 'metadata-flavor': 'Google' } }]);
  });

  it('reuses a token until five minutes before it expires, then takes a new one', async () => {
    let now = 1_000_000;
    const base = await serveTokens(3600);
    const token = metadataAccessTokens(base, () => now);
    expect(await token()).toBe('token-1');
    now += 3600_000 - TOKEN_REFRESH_MARGIN_MS - 1;
    expect(await token()).toBe('token-1');
    now += 1;
    expect(await token()).toBe('token-2');
    expect(server?.requests).toHaveLength(2);
  });

  it('sends one request for callers asking at once', async () => {
    const token = metadataAccessTokens(await serveTokens(3600));
    expect(await Promise.all([token(), token(), token()])).toEqual(['token-1', 'token-1', 'token-1']);
    expect(server?.requests).toHaveLength(1);
  });

  it('does not keep a refusal: the next call asks again', async () => {
    let status = 500;
    const token = metadataAccessTokens(await serveTokens(3600, () => status));
    await expect(token()).rejects.toThrow(MetadataServerError);
    await expect(token()).rejects.toThrow(
      /answered HTTP 500 \(\/instance\/service-accounts\/default\/token\)/,
    );
    status = 200;
    expect(await token()).toBe('token-1');
    expect(server?.requests).toHaveLength(3);
  });

  it('fails with MetadataServerError when nothing answers', async () => {
    const base = await serveTokens(3600);
    await server?.stop();
    server = undefined;
    await expect(metadataAccessTokens(base)()).rejects.toThrow(/did not answer/);
  });

  it('reads the project id', async () => {
    server = await startRecordingServer((request, res) =>
      request.path === '/computeMetadata/v1/project/project-id' &&
      request.headers['metadata-flavor'] === 'Google'
        ? void res.writeHead(200).end('my-proj\n')
        : void res.writeHead(404).end(),
    );
    expect(await metadataProjectId(`${server.url}/computeMetadata/v1`)).toBe('my-proj');
  });

  it('is found at GCE_METADATA_HOST, as Google’s auth library looks for it, else metadata.google.internal', () => {
    expect(metadataServerUrl({ GCE_METADATA_HOST: '127.0.0.1:8123' })).toBe(
      'http://127.0.0.1:8123/computeMetadata/v1',
    );
    expect(metadataServerUrl({})).toBe('http://metadata.google.internal/computeMetadata/v1');
  });
});
