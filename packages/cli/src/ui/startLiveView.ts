import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TaskEvent, TaskEventListener } from '@celery-cloud/core';
import { TaskStore } from './TaskStore.js';
import { LIVE_VIEW_CSS } from './assets/css.js';
import { LIVE_VIEW_HTML } from './assets/html.js';
import { LIVE_VIEW_JS } from './assets/js.js';

/** Options of {@link startLiveView}. */
export interface LiveViewOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Tasks kept in memory; older ones are forgotten (default 1000). */
  maxTasks?: number;
  /** What the page's heading names, e.g. `dev --provider aws, queue celery`. */
  title?: string;
  /** Seconds between SSE keep-alive comments (default 15). */
  keepAliveSeconds?: number;
}

/** A running live view. */
export interface LiveView {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** Give this to the runner (`onTaskEvent`). */
  onTaskEvent: TaskEventListener;
  store: TaskStore;
  close(): Promise<void>;
}

// Values are in wire form: bigints beyond 2^53 become their digits (the page only shows them).
const jsonSafe = (_key: string, value: unknown) => (typeof value === 'bigint' ? `${value}` : value);

const ASSETS: Record<string, { type: string; body: string }> = {
  '/app.js': { type: 'text/javascript; charset=utf-8', body: LIVE_VIEW_JS },
  '/app.css': { type: 'text/css; charset=utf-8', body: LIVE_VIEW_CSS },
};

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Serve the live view on 127.0.0.1: the page (`/`, `/app.js`, `/app.css`), a JSON snapshot
 * (`/api/snapshot`) and a server-sent event stream (`/events`: one `snapshot` event on connect,
 * then one `task` event per runner event). Memory is bounded by `maxTasks`.
 *
 * @example
 * ```ts
 * const view = await startLiveView({ port: 0 });
 * const handler = handlerFromEnv(env, { tasks, onTaskEvent: view.onTaskEvent });
 * console.log(`live view: ${view.url}`);
 * ```
 */
export async function startLiveView(options: LiveViewOptions = {}): Promise<LiveView> {
  const store = new TaskStore({ maxTasks: options.maxTasks ?? 1000 });
  const streams = new Set<ServerResponse>();
  const title = options.title ?? 'celery-cloud';
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // Only this machine's pages: a foreign Host is a DNS-rebinding attempt.
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/' || path === '/index.html') {
      const html = LIVE_VIEW_HTML.replaceAll('{{title}}', escapeHtml(title));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS }).end(html);
      return;
    }
    const asset = ASSETS[path];
    if (asset) {
      res.writeHead(200, { 'content-type': asset.type, ...SECURITY_HEADERS }).end(asset.body);
      return;
    }
    if (path === '/api/snapshot') {
      res
        .writeHead(200, { 'content-type': 'application/json', ...SECURITY_HEADERS })
        .end(JSON.stringify(store.snapshot(), jsonSafe));
      return;
    }
    if (path === '/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        connection: 'keep-alive',
        ...SECURITY_HEADERS,
      });
      res.write(`retry: 1000\nevent: snapshot\ndata: ${JSON.stringify(store.snapshot(), jsonSafe)}\n\n`);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204, SECURITY_HEADERS).end();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain', ...SECURITY_HEADERS }).end('not found\n');
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const keepAlive = setInterval(
    () => {
      for (const res of streams) res.write(': keep-alive\n\n');
    },
    (options.keepAliveSeconds ?? 15) * 1000,
  );
  keepAlive.unref();

  const onTaskEvent = (event: TaskEvent) => {
    const update = store.apply(event);
    if (streams.size === 0) return;
    const frame = `event: task\ndata: ${JSON.stringify(update, jsonSafe)}\n\n`;
    for (const res of streams) res.write(frame);
  };

  return {
    url: `http://127.0.0.1:${port}/`,
    onTaskEvent,
    store,
    close: async () => {
      clearInterval(keepAlive);
      for (const res of streams) res.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
