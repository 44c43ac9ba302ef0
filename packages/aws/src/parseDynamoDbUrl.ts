import { ConfigError } from '@celery-cloud/core';

/** What a Celery `dynamodb://` result backend URL says. */
export interface DynamoDbUrl {
  table: string;
  region: string | null;
  endpoint: string | null;
  accessKeyId: string | null;
  secretAccessKey: string | null;
  ttlSeconds: number | null;
}

/**
 * Parse a Celery DynamoDB backend URL,
 * `dynamodb://[key:secret@]region[:port]/table?read=..&write=..&ttl_seconds=..` (docs/protocol.md §6.4).
 * Region `localhost` (or an IP) with a port means a local endpoint `http://<host>:<port>`.
 *
 * @example
 * ```ts
 * parseDynamoDbUrl('dynamodb://@localhost:8000/celery?read=5&write=5').endpoint; // 'http://localhost:8000'
 * ```
 */
export function parseDynamoDbUrl(url: string): DynamoDbUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError(
      'the DynamoDB result backend URL is not a valid URL (dynamodb://[key:secret@]region/table)',
    );
  }
  if (u.protocol !== 'dynamodb:')
    throw new ConfigError(`expected a dynamodb:// result backend URL, got ${u.protocol}//`);
  const host = u.hostname || null;
  const local = host !== null && (host === 'localhost' || /^[\d.]+$/.test(host));
  const ttl = u.searchParams.get('ttl_seconds');
  return {
    table: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'celery',
    region: local ? null : host,
    endpoint: local ? `http://${host}:${u.port || '8000'}` : null,
    accessKeyId: u.username ? decodeURIComponent(u.username) : null,
    secretAccessKey: u.password ? decodeURIComponent(u.password) : null,
    ttlSeconds: ttl === null ? null : Number(ttl),
  };
}
