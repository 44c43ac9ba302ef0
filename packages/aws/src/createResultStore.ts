import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  type Clock,
  type DateDoneFormat,
  type KeyValueStore,
  type ResultStore,
  ResultTooLarge,
  createKeyValueResultStore,
  systemClock,
} from '@celery-cloud/core';
import { directPutItem } from './directPutItem.js';
import { parseDynamoDbUrl } from './parseDynamoDbUrl.js';
import { pythonBytesRepr } from './pythonBytesRepr.js';
import { SDK_CLIENT_DEFAULTS } from './sdkClientDefaults.js';

/** Options of the DynamoDB result store; `url` is the Celery backend URL users already have. */
export interface DynamoResultStoreOptions {
  url?: string;
  table?: string;
  endpoint?: string;
  /** The region of the client this creates (default: the URL's; `us-east-1` for a local `endpoint`;
   * otherwise the SDK's own resolution). */
  region?: string;
  client?: DynamoDBClient;
  /** `date_done` as Celery ≤5.4 (`naive`) or 5.5+ (`aware`, default) writes it. */
  dateFormat?: DateDoneFormat;
  /** Adds the `ttl` attribute (epoch seconds) as Celery does with `?ttl_seconds=`. */
  ttlSeconds?: number;
  clock?: Clock;
}

const key = (name: string) => ({ id: { S: pythonBytesRepr(name) } });

/** DynamoDB's refusal of an item for its size as {@link ResultTooLarge}; any other error as is. */
function itemTooLarge(error: unknown, text: string): unknown {
  const e = error as { name?: string; message?: string };
  if (e.name === 'ValidationException' && /item size/i.test(e.message ?? ''))
    return new ResultTooLarge(
      `(${Buffer.byteLength(text)} bytes) exceeds the DynamoDB item size limit of 400 KB`,
    );
  return error;
}

/**
 * A {@link ResultStore} on DynamoDB, byte-compatible with Celery's `dynamodb://` backend
 * (docs/protocol.md §6.4): key `id` = `b'celery-task-meta-<id>'`, `result` Binary holding the kombu JSON,
 * `timestamp` Number, optional `ttl`; group records `b'celery-taskset-meta-<gid>'` and the chord
 * counter `b'chord-unlock-<gid>'`. A stored SUCCESS is never replaced, checked by a condition on
 * the write itself, so the happy path costs one write and no read.
 *
 * @example
 * ```ts
 * const backend = createResultStore({ url: 'dynamodb://@us-east-1/celery' });
 * ```
 */
export function createResultStore(options: DynamoResultStoreOptions = {}): Required<ResultStore> {
  const parsed = options.url ? parseDynamoDbUrl(options.url) : null;
  const table = options.table ?? parsed?.table ?? 'celery';
  const ttlSeconds = options.ttlSeconds ?? parsed?.ttlSeconds ?? null;
  const clock = options.clock ?? systemClock;
  const credentials =
    parsed?.accessKeyId && parsed.secretAccessKey
      ? { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey }
      : undefined;
  const endpoint = options.endpoint ?? parsed?.endpoint ?? undefined;
  const client =
    options.client ??
    new DynamoDBClient({
      ...SDK_CLIENT_DEFAULTS,
      ...(endpoint ? { endpoint } : {}),
      // A local endpoint ignores the region, but the SDK insists on one.
      ...(options.region || parsed?.region || endpoint
        ? { region: options.region ?? parsed?.region ?? 'us-east-1' }
        : {}),
      ...(credentials ? { credentials } : {}),
    });

  const putItem = directPutItem(client);

  const stamp = () => {
    const now = clock.now().getTime();
    return {
      timestamp: { N: String(now / 1000) },
      ...(ttlSeconds !== null && ttlSeconds >= 0
        ? { ttl: { N: String(Math.floor(now / 1000) + ttlSeconds) } }
        : {}),
    };
  };

  const kv: KeyValueStore = {
    // DynamoDB's item size limit: 400 KB, attribute names and values together.
    limit: { bytes: 400 * 1024, description: 'DynamoDB item size limit of 400 KB' },

    async get(name) {
      const r = await client.send(
        new GetItemCommand({ TableName: table, Key: key(name), ConsistentRead: true }),
      );
      const bytes = r.Item?.result?.B;
      return bytes ? Buffer.from(bytes).toString('utf8') : null;
    },

    async put(name, { text }, { unlessStartsWith } = {}) {
      try {
        return await putItem({
          TableName: table,
          Item: { ...key(name), result: { B: Buffer.from(text, 'utf8') }, ...stamp() },
          // Celery reads before each write and skips it over a SUCCESS (docs/protocol.md §6.1); one conditional write does the same.
          ...(unlessStartsWith === undefined
            ? {}
            : {
                ConditionExpression: 'attribute_not_exists(#result) OR NOT begins_with(#result, :prefix)',
                ExpressionAttributeNames: { '#result': 'result' },
                ExpressionAttributeValues: { ':prefix': { B: Buffer.from(unlessStartsWith, 'utf8') } },
              }),
        });
      } catch (e) {
        throw itemTooLarge(e, text);
      }
    },

    async increment(name) {
      // ADD creates the counter when the client has not (Celery 5.4+ writes it at 0 first).
      const r = await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key(name),
          UpdateExpression: 'ADD chord_count :num SET #ts = if_not_exists(#ts, :ts)',
          ExpressionAttributeNames: { '#ts': 'timestamp' },
          ExpressionAttributeValues: { ':num': { N: '1' }, ':ts': stamp().timestamp },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(r.Attributes?.chord_count?.N ?? Number.NaN);
    },

    async delete(name) {
      await client.send(new DeleteItemCommand({ TableName: table, Key: key(name) }));
    },
  };
  return createKeyValueResultStore(kv, { dateFormat: options.dateFormat ?? 'aware' });
}
