import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { parseKombuJson } from '@celery-cloud/core';
import { VECTORS_DIR } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { decode } from './decode.js';

const VECTORS = join(VECTORS_DIR, 'messages/');

function vector(path: string): { raw: unknown; expect: unknown } {
  return parseKombuJson(readFileSync(VECTORS + path, 'utf8')) as { raw: unknown; expect: unknown };
}

async function run(argv: string[], input: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  const code = await decode(argv, { stdin: Readable.from([input]), stdout, stderr, env: {} });
  return { code, out, err };
}

describe('celery-cloud decode', () => {
  it('prints the normalized task of an SQS body as one JSON line', async () => {
    const v = vector('sqs/5.2.6/numbers.json');
    const { code, out, err } = await run(['--transport', 'sqs'], `${v.raw}\n`);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    expect(parseKombuJson(out)).toEqual(v.expect);
  });

  it('reads a Pub/Sub message given as {data_base64, attributes}', async () => {
    const v = vector('pubsub/5.6.3/plain-args.json');
    const { code, out } = await run(['--transport', 'pubsub'], JSON.stringify(v.raw));
    expect(code).toBe(0);
    expect(parseKombuJson(out)).toEqual(v.expect);
  });

  it('exits 2 with one line naming the layer on garbage', async () => {
    const { code, out, err } = await run(['--transport', 'sqs'], 'not base64 at all!');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^decode failed at transport: .+\n$/);
  });

  it('names the refused content type of a pickle message', async () => {
    const v = vector('sqs/5.6.3/pickle-refused.json');
    const { code, err } = await run(['--transport', 'sqs'], String(v.raw));
    expect(code).toBe(2);
    expect(err).toContain('application/x-python-serialize');
  });

  it('exits 2 with one line naming the transports without a known one', async () => {
    const { code, err } = await run(['--transport', 'smtp'], '');
    expect(code).toBe(2);
    expect(err).toBe('decode: --transport must be one of sqs, azure-queue, pubsub (see --help)\n');
  });

  it('exits 2 with one line naming an unknown flag', async () => {
    const { code, err } = await run(['--transport', 'sqs', '--pretty'], '');
    expect(code).toBe(2);
    expect(err).toBe('decode: unknown flag --pretty (see --help)\n');
  });
});
