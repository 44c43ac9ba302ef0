import { describe, expect, it } from 'vitest';
import { startRecordingServer } from './startRecordingServer.js';

describe('startRecordingServer', () => {
  it('records each request on 127.0.0.1 and answers it as the spec says', async () => {
    const server = await startRecordingServer((request, res) =>
      res.writeHead(request.path === '/ok' ? 200 : 500).end(`saw ${request.body}`),
    );
    try {
      expect(new URL(server.url).hostname).toBe('127.0.0.1');
      const ok = await fetch(`${server.url}/ok`, { method: 'POST', headers: { 'x-key': 'k1' }, body: 'one' });
      const other = await fetch(`${server.url}/other`, { method: 'POST', body: 'two' });
      expect([ok.status, await ok.text()]).toEqual([200, 'saw one']);
      expect([other.status, await other.text()]).toEqual([500, 'saw two']);
      expect(server.requests.map((r) => [r.path, r.body])).toEqual([
        ['/ok', 'one'],
        ['/other', 'two'],
      ]);
      expect(server.requests[0]?.headers['x-key']).toBe('k1');
    } finally {
      await server.stop();
    }
  });
});
