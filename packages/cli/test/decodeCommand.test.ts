import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKombuJson } from '@celery-cloud/core';
import { VECTORS_DIR } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const VECTORS = join(VECTORS_DIR, 'messages/');

/** Runs the command the README documents, from the repository root. */
function celeryCloud(args: string[], input: string) {
  return spawnSync('pnpm', ['--silent', 'celery-cloud', ...args], { cwd: ROOT, input, encoding: 'utf8' });
}

describe('pnpm celery-cloud decode (the installed command)', () => {
  it.each([
    ['sqs', 'sqs/5.6.3/chain-3.json'],
    ['azure-queue', 'azure-queue/5.6.3/unicode-emoji.json'],
    ['pubsub', 'pubsub/5.6.3/compression-gzip.json'],
    ['sqs', 'sqs/5.2.6/yaml.json'],
    ['sqs', 'sqs/5.6.3/msgpack.json'],
    ['sqs', 'sqs/5.2.6/compression-bzip2.json'],
  ])('decodes a %s vector (%s)', (transport, path) => {
    const v = parseKombuJson(readFileSync(VECTORS + path, 'utf8')) as { raw: unknown; expect: unknown };
    const input = typeof v.raw === 'string' ? v.raw : JSON.stringify(v.raw);
    const r = celeryCloud(['decode', '--transport', transport], input);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(parseKombuJson(r.stdout)).toEqual(v.expect);
  });

  it('exits 2 with a one-line reason and no stack trace on bad JSON', () => {
    const r = celeryCloud(['decode', '--transport', 'azure-queue'], '{"body": ');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^decode failed at envelope: [^\n]+\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
