import { beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage, loadCodecs, toNormalizedTask } from '../src/codec/index.js';
import { ContentTypeRefusedError } from '../src/errors.js';
import type { RawPayload, TransportName } from '../src/types.js';
import { loadVectors } from './vectors.js';

const vectors = loadVectors('messages');

describe('message vectors captured from real Celery', () => {
  // Decoded directly, not through the runner: YAML, msgpack and bzip2 are loaded first.
  beforeAll(() => loadCodecs());

  it('are present', () => {
    expect(vectors.length).toBeGreaterThan(50);
  });

  it.each(vectors.map((v) => [v.name, v.data] as const))('%s decodes to its expect', (_name, vector) => {
    const transport = vector.transport as TransportName;
    const expected = vector.expect as Record<string, unknown>;
    const decode = () => decodeMessage(transport, vector.raw as RawPayload);
    if (expected.error === 'refused-content-type') {
      expect(decode).toThrow(ContentTypeRefusedError);
      return;
    }
    expect(toNormalizedTask(decode())).toEqual(expected);
  });
});
