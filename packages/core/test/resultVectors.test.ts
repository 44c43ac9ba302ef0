import { resultMetaFromVector } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { decodeResultMeta, encodeGroupMeta, encodeResultMeta } from '../src/codec/index.js';
import type { ResultMeta } from '../src/types.js';
import { loadVectors } from './vectors.js';

const vectors = loadVectors('results').filter((v) => v.data.case !== 'chord-counter');

function storedBytes(stored: Record<string, unknown>): string {
  const b64 = (stored.result_b64 ?? stored.content_b64) as string;
  return Buffer.from(b64, 'base64').toString('utf8');
}

const metaFrom = (input: Record<string, unknown>) => resultMetaFromVector<ResultMeta>(input);

describe('result vectors captured from real Celery', () => {
  it('are present', () => {
    expect(vectors.length).toBeGreaterThan(60);
  });

  it.each(vectors.map((v) => [v.name, v.data] as const))(
    '%s is reproduced byte for byte',
    (_name, vector) => {
      const input = vector.input as Record<string, unknown>;
      const expected = storedBytes(vector.stored as Record<string, unknown>);
      if (vector.case === 'group-record') {
        expect(encodeGroupMeta(input.result)).toBe(expected);
        return;
      }
      const dateFormat = vector.celery === '5.2.6' ? 'naive' : 'aware';
      expect(encodeResultMeta(metaFrom(input), { dateFormat })).toBe(expected);
    },
  );

  it.each(vectors.filter((v) => v.data.case !== 'group-record').map((v) => [v.name, v.data] as const))(
    '%s decodes back to the same meta',
    (_name, vector) => {
      const meta = decodeResultMeta(storedBytes(vector.stored as Record<string, unknown>));
      const input = metaFrom(vector.input as Record<string, unknown>);
      expect(meta.status).toBe(input.status);
      expect(meta.result).toEqual(input.result);
      expect(meta.task_id).toBe(input.task_id);
      expect(meta.date_done?.toISOString() ?? null).toBe(input.date_done?.toISOString() ?? null);
    },
  );
});
