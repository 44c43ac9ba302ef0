/**
 * YAML, msgpack and bzip2 load on first use (docs/codec.md, "Optional codecs"). Each test imports
 * the package afresh, as a new function instance does, so nothing is loaded before its first
 * message.
 */
import { describe, expect, it, vi } from 'vitest';
import type { RawPayload } from '../src/types.js';
import { loadVector } from './vectors.js';

const VECTORS = [
  'messages/sqs/5.2.6/yaml.json',
  'messages/sqs/5.6.3/msgpack.json',
  'messages/sqs/5.2.6/compression-bzip2.json',
].map((path) => {
  const { raw, expect } = loadVector(path).data as {
    raw: RawPayload;
    expect: { id: string; args: unknown[]; kwargs: Record<string, unknown> };
  };
  return { path, raw, expected: expect };
});

/** A fresh copy of the package and its test runner, as a cold start imports them. */
async function freshCore() {
  vi.resetModules();
  const core = await import('../src/index.js');
  const testing = await import('../src/testing/index.js');
  const tasks = new core.TaskRegistry().register(
    core.defineTask('proj.tasks.echo', (_ctx, ...args: unknown[]) => args),
  );
  return { core, ...testing.testRunner({ tasks }) };
}

describe('optional codecs', () => {
  it.each(VECTORS)('are not loaded before a message needs them ($path)', async ({ raw }) => {
    const { core } = await freshCore();
    expect(() => core.decodeMessage('sqs', raw)).toThrow(core.CodecNotLoadedError);
  });

  it('are loaded by the runner for the first YAML, msgpack and bzip2 messages of a fresh process', async () => {
    const { core, runner, backend } = await freshCore();
    const outcomes = await runner.runBatch(
      VECTORS.map(({ raw }, i) => ({ messageId: `m${i}`, transport: 'sqs' as const, payload: raw })),
    );
    expect(outcomes).toEqual(VECTORS.map(() => expect.objectContaining({ action: 'ack', state: 'SUCCESS' })));
    for (const { expected } of VECTORS) {
      const stored = await backend.get(expected.id);
      expect(core.fromWire(stored?.result as never)).toEqual(core.fromWire(expected.args as never));
    }
  });

  it('decode synchronously once loaded, as the CLI does', async () => {
    const { core } = await freshCore();
    await core.loadCodecs();
    for (const { raw, expected } of VECTORS) {
      expect(core.toNormalizedTask(core.decodeMessage('sqs', raw))).toEqual(expected);
    }
  });

  it('load only the codec named', async () => {
    const { core } = await freshCore();
    const [yaml, msgpack] = VECTORS;
    await core.loadCodecs(['yaml']);
    expect(core.decodeMessage('sqs', yaml?.raw as RawPayload).id).toBe(yaml?.expected.id);
    expect(() => core.decodeMessage('sqs', msgpack?.raw as RawPayload)).toThrow(
      expect.objectContaining({ name: 'CodecNotLoadedError', codec: 'msgpack' }),
    );
  });
});
