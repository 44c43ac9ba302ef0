/**
 * Fuzzing the whole handler: real Celery messages (the golden vectors), mutated at every layer,
 * through the runner on the memory ports. Each message must finish within a time and memory
 * budget, and end acknowledged with its outcome stored, or handed back only when it has no task
 * id to store anything under (the dead-letter queue's case). Anything else — an unexpected runner
 * error, a redelivery the queue would repeat, a stuck or exploding message — fails the run.
 */
import { deflateSync } from 'node:zlib';
import { must, readVectorFiles } from '@celery-cloud/testkit';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify as yamlStringify } from 'yaml';
import {
  type ExecutionResult,
  type ExecutorPlugin,
  type KombuEnvelope,
  type Publisher,
  type RawPayload,
  type ResultStore,
  type TransportName,
  type WireValue,
  createRunner,
  decodeMessage,
  parseKombuJson,
  stringifyKombuJson,
  unwrapTransport,
  wrapForTransport,
} from '../src/index.js';
import { MemoryPublisher, MemoryResultStore } from '../src/testing/index.js';

const RUNS = 30_000;
const TIME_BUDGET_MS = 1_000;
const HEAP_BUDGET_BYTES = 96 * 1024 * 1024;
/** Smaller than the defaults, so bombs past them stay cheap to build; the code path is the same. */
const LIMITS = { maxDecompressedBytes: 256 * 1024, maxDepth: 64, maxElements: 5_000, maxIntegerDigits: 300 };

interface Seed {
  transport: Exclude<TransportName, 'envelope'>;
  raw: RawPayload;
}

const seeds: Seed[] = readVectorFiles('messages').map((f) => {
  const v = parseKombuJson(f.text) as Seed;
  return { transport: v.transport, raw: v.raw };
});

const silent = { log() {} };

/** Values a hostile or unlucky message carries where numbers, names and data are expected. */
const odd = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<WireValue>,
  fc.constantFrom<WireValue>(
    Number.POSITIVE_INFINITY,
    Number.NaN,
    -1,
    1e300,
    2n ** 70n,
    '__proto__',
    'constructor',
    'toString',
    '',
    '2026-13-45T99:00:00',
    '9999-12-31T23:59:59+00:00',
    [null, 1.5],
    { __proto__: 1 } as unknown as WireValue,
  ),
);

/** Bodies past one of {@link LIMITS} (deep, wide, long digits, inflating past the cap), built once. */
const BOMBS = [
  `[[${'['.repeat(200)}${']'.repeat(200)}], {}, null]`,
  `[[${'{}, '.repeat(8_000)}{}], {}, null]`,
  `[[${'9'.repeat(2_000)}], {}, null]`,
  `[["${' '.repeat(400_000)}"], {}, null]`,
].map((text) => ({ plain: Buffer.from(text), zlib: deflateSync(text) }));

type Behaviour =
  | { kind: 'echo' }
  | { kind: 'fail' }
  | { kind: 'throw'; value: WireValue }
  | { kind: 'retry'; countdown?: number; eta?: string; maxRetries?: number | null };

const behaviour: fc.Arbitrary<Behaviour> = fc.oneof(
  fc.constant<Behaviour>({ kind: 'echo' }),
  fc.constant<Behaviour>({ kind: 'fail' }),
  odd.map<Behaviour>((value) => ({ kind: 'throw', value })),
  fc.record(
    {
      kind: fc.constant('retry' as const),
      countdown: fc.oneof(fc.double(), fc.constantFrom(0, 1, 5, 1e12)),
      eta: fc.constantFrom('2030-01-01T00:00:00+00:00', 'soon', '99999-01-01'),
      maxRetries: fc.oneof(fc.constant(null), fc.integer({ min: -2, max: 5 }), fc.double()),
    },
    { requiredKeys: ['kind'] },
  ),
);

/** What the current case's executor does, its store and its queue: the runners are built once. */
const current = {
  plan: { kind: 'echo' } as Behaviour,
  backend: new MemoryResultStore(),
  publisher: new MemoryPublisher(),
};

const fuzzExecutor: ExecutorPlugin = {
  scheme: 'fuzz',
  create: () => ({
    async execute(call): Promise<ExecutionResult> {
      const plan = current.plan;
      switch (plan.kind) {
        case 'echo':
          return { status: 'success', value: [call.args, call.kwargs] };
        case 'fail':
          return {
            status: 'failure',
            exception: {
              exc_type: 'ValueError',
              exc_message: [call.args as WireValue],
              exc_module: 'builtins',
            },
            traceback: null,
          };
        case 'throw':
          throw plan.value;
        case 'retry': {
          const { kind: _kind, ...retry } = plan;
          return { status: 'retry', ...retry };
        }
      }
    },
  }),
};

/** Ports that forward to the current case's fresh memory store and queue. */
const backend: ResultStore = {
  get: (id) => current.backend.get(id),
  set: (meta) => current.backend.set(meta),
  getGroup: (id) => current.backend.getGroup(id),
  saveGroup: (id, result) => current.backend.saveGroup(id, result),
  deleteGroup: (id) => current.backend.deleteGroup(id),
  incrChordCounter: (id) => current.backend.incrChordCounter(id),
  deleteChordCounter: (id) => current.backend.deleteChordCounter(id),
};
const publisher: Publisher = {
  maxDelaySeconds: 900,
  publish: (envelope, options) => current.publisher.publish(envelope, options),
};

const runners = [false, true].map((resultExtended) =>
  createRunner({
    backend,
    publisher,
    logger: silent,
    routes: { '*': 'fuzz://any' },
    plugins: [fuzzExecutor],
    maxReceiveCount: 3,
    resultExtended,
    decodeLimits: LIMITS,
  }),
);

type Mutation =
  | { kind: 'chars'; edits: Array<[number, number, string]> }
  | { kind: 'header'; key: string; value: WireValue }
  | { kind: 'property'; key: string; value: WireValue }
  | { kind: 'body'; args: WireValue; kwargs: WireValue; type: 'json' | 'msgpack' | 'yaml'; zlib: boolean }
  | { kind: 'bomb'; bomb: number; zlib: boolean };

const headerKey = fc.oneof(
  fc.constantFrom('eta', 'expires', 'retries', 'timelimit', 'id', 'task', 'group', 'parent_id', 'root_id'),
  fc.constantFrom('ignore_result', 'compression', 'stamped_headers', 'stamps', 'group_index', '__proto__'),
  fc.string({ maxLength: 8 }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('chars' as const),
    edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 6 })), {
      minLength: 1,
      maxLength: 4,
    }),
  }),
  fc.record({ kind: fc.constant('header' as const), key: headerKey, value: odd }),
  fc.record({
    kind: fc.constant('property' as const),
    key: fc.constantFrom('delivery_info', 'priority', 'reply_to', 'body_encoding', 'correlation_id'),
    value: fc.oneof(
      odd,
      odd.map((routing_key) => ({ routing_key, exchange: '' }) as WireValue),
    ),
  }),
  fc.record({
    kind: fc.constant('body' as const),
    args: fc.oneof(fc.array(odd, { maxLength: 4 }) as fc.Arbitrary<WireValue>, odd),
    kwargs: fc.oneof(
      fc.dictionary(fc.string({ maxLength: 6 }), odd, { maxKeys: 4 }) as fc.Arbitrary<WireValue>,
      odd,
    ),
    type: fc.constantFrom('json' as const, 'msgpack' as const, 'yaml' as const),
    zlib: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('bomb' as const),
    bomb: fc.nat({ max: BOMBS.length - 1 }),
    zlib: fc.boolean(),
  }),
);

const CONTENT_TYPES = {
  json: 'application/json',
  msgpack: 'application/x-msgpack',
  yaml: 'application/x-yaml',
};

function serialize(value: WireValue, type: 'json' | 'msgpack' | 'yaml'): Buffer {
  if (type === 'json') return Buffer.from(stringifyKombuJson(value));
  if (type === 'msgpack') return Buffer.from(msgpackEncode(value, { useBigInt64: true }));
  return Buffer.from(yamlStringify(value));
}

function withBody(env: KombuEnvelope, body: Buffer, contentType: string, zlib: boolean): KombuEnvelope {
  const { compression: _plain, ...rest } = env.headers;
  const headers: Record<string, WireValue> = zlib ? { ...rest, compression: 'application/x-gzip' } : rest;
  return {
    ...env,
    headers,
    'content-type': contentType,
    body: body.toString('base64'),
    properties: { ...env.properties, body_encoding: 'base64' },
  };
}

/** The seed's payload with the mutation applied, or null when the mutation cannot be expressed. */
function mutate(seed: Seed, m: Mutation): RawPayload | null {
  if (m.kind === 'chars') {
    const text =
      typeof seed.raw === 'string' ? seed.raw : String((seed.raw as { data_base64: string }).data_base64);
    let out = text;
    for (const [at, cut, insert] of m.edits) {
      const i = at % (out.length + 1);
      out = out.slice(0, i) + insert + out.slice(i + cut);
    }
    return typeof seed.raw === 'string' ? out : { ...(seed.raw as object), data_base64: out };
  }
  const env = unwrapTransport(seed.transport, seed.raw);
  let next: KombuEnvelope;
  try {
    if (m.kind === 'header') {
      const headers: Record<string, WireValue> = { ...env.headers };
      Object.defineProperty(headers, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      next = { ...env, headers };
    } else if (m.kind === 'property') {
      next = { ...env, properties: { ...env.properties, [m.key]: m.value } };
    } else if (m.kind === 'body') {
      const body = serialize([m.args, m.kwargs, null], m.type);
      next = withBody(env, m.zlib ? deflateSync(body) : body, CONTENT_TYPES[m.type], m.zlib);
    } else {
      const bomb = must(BOMBS[m.bomb]);
      next = withBody(env, m.zlib ? bomb.zlib : bomb.plain, CONTENT_TYPES.json, m.zlib);
    }
    return wrapForTransport(next, seed.transport);
  } catch {
    return null; // A value the encoders refuse (e.g. NaN in msgpack's own checks): not a message.
  }
}

/** Built-in tasks Celery declares `ignore_result=True`: no state is stored for them at all. */
const IGNORING_BUILTINS = new Set(['celery.chord_unlock', 'celery.backend_cleanup']);

/** Whether no state is stored for this message: a built-in that ignores results, or (for SUCCESS
 * only) the `ignore_result` header. */
function storesNothing(seed: Seed, payload: RawPayload, state: string): boolean {
  try {
    const task = decodeMessage(seed.transport, payload);
    return IGNORING_BUILTINS.has(task.task) || (state === 'SUCCESS' && task.ignore_result === true);
  } catch {
    return false;
  }
}

describe('the handler under mutated real messages', () => {
  it(`stores an outcome for every message with a task id, within budget (${RUNS} cases)`, async () => {
    expect(seeds.length).toBeGreaterThan(40);
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: seeds.length - 1 }),
        mutation,
        behaviour,
        fc.integer({ min: 1, max: 3 }),
        async (index, m, plan, receiveCount) => {
          const seed = must(seeds[index]);
          const payload = mutate(seed, m);
          if (payload === null) return;
          cases += 1;
          // Let the test runner's own messages through now and then: each case is mostly synchronous.
          if (cases % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
          current.plan = plan;
          current.backend = new MemoryResultStore({ maxMetaBytes: 400 * 1024 });
          current.publisher = new MemoryPublisher({ maxMessageBytes: 256 * 1024 });
          const runner = must(runners[receiveCount % 2]);
          const heap = process.memoryUsage().heapUsed;
          // CPU time, not wall time: a loaded machine that parks the process is not the message's doing.
          const started = process.cpuUsage();
          const [settled] = await runner.runBatch([
            { messageId: 'm', transport: seed.transport, payload, receiveCount },
          ]);
          const { user, system } = process.cpuUsage(started);
          expect((user + system) / 1000, 'CPU ms spent on one message').toBeLessThan(TIME_BUDGET_MS);
          expect(process.memoryUsage().heapUsed - heap, 'heap grown by one message').toBeLessThan(
            HEAP_BUDGET_BYTES,
          );
          const outcome = must(settled, 'the outcome of the message');
          if (outcome.action === 'redeliver') {
            // Only a message nothing can be stored under goes back (to the dead-letter queue).
            expect(outcome.reason).toMatch(/^undecodable message, no task id/);
            expect(outcome.taskId).toBeNull();
            return;
          }
          const stored = await current.backend.get(must(outcome.taskId));
          if (outcome.state === null) {
            // Deferred until its eta (republished), or a retry of a task that ignores results.
            expect(current.publisher.published.length).toBeGreaterThan(0);
          } else if (stored === null) {
            expect(storesNothing(seed, payload, outcome.state), `${outcome.state} not stored`).toBe(true);
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(cases).toBeGreaterThan(RUNS * 0.9);
    // 20 s on an idle machine, 50 s in a full run on a loaded one: room for a slower machine still.
  }, 300_000);
});
