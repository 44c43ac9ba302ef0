import { ConfigError } from '@celery-cloud/core';

/** What a Celery `sqs://` broker URL says. */
export interface SqsUrl {
  /** `http://<host>:<port>` for a local endpoint (kombu 5.2 takes it from the URL host), else null. */
  endpoint: string | null;
  accessKeyId: string | null;
  secretAccessKey: string | null;
}

/**
 * Parse a Celery SQS broker URL, `sqs://[key:secret@][host[:port]]` (docs/protocol.md §5.1). An empty host
 * means AWS itself, in the SDK's configured region.
 *
 * @example
 * ```ts
 * parseSqsUrl('sqs://test:test@127.0.0.1:9324').endpoint; // 'http://127.0.0.1:9324'
 * ```
 */
export function parseSqsUrl(url: string): SqsUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError('the SQS broker URL is not a valid URL (sqs://[key:secret@][host[:port]])');
  }
  if (u.protocol !== 'sqs:') throw new ConfigError(`expected an sqs:// broker URL, got ${u.protocol}//`);
  return {
    endpoint: u.hostname ? `http://${u.hostname}${u.port ? `:${u.port}` : ''}` : null,
    accessKeyId: u.username ? decodeURIComponent(u.username) : null,
    secretAccessKey: u.password ? decodeURIComponent(u.password) : null,
  };
}

/**
 * The SQS queue name kombu uses for a Celery queue: prefix added, `.` → `-` and other punctuation
 * → `_`, a `.fifo` suffix kept (docs/protocol.md §5.1).
 *
 * @example
 * ```ts
 * sqsQueueName('jobs.high'); // 'jobs-high'
 * sqsQueueName('orders.fifo'); // 'orders.fifo'
 * ```
 */
export function sqsQueueName(queue: string, prefix = ''): string {
  const fifo = queue.endsWith('.fifo');
  const base = `${prefix}${fifo ? queue.slice(0, -'.fifo'.length) : queue}`;
  const mangled = base.replace(/\./g, '-').replace(/[^A-Za-z0-9_-]/g, '_');
  return fifo ? `${mangled}.fifo` : mangled;
}
