import { text } from 'node:stream/consumers';
import {
  DecodeError,
  decodeMessage,
  loadCodecs,
  stringifyKombuJson,
  toNormalizedTask,
} from '@celery-cloud/core';
import type { RawPayload } from '@celery-cloud/core';
import { DECODE_FLAGS, type DecodeTransport } from '../flags/decode.js';
import { type OptionsOf, readFlags } from '../flags/table.js';
import type { CommandIo } from './index.js';

function payloadOf(transport: DecodeTransport, text: string): RawPayload {
  if (transport !== 'pubsub') return text.replace(/\r?\n$/, '');
  try {
    return JSON.parse(text) as RawPayload;
  } catch {
    throw new DecodeError(
      'transport',
      'a pubsub payload must be a JSON object {"data_base64", "attributes"}',
    );
  }
}

/**
 * `celery-cloud decode --transport sqs|azure-queue|pubsub`: read one raw payload from stdin and
 * print the decoded task as one line of JSON, in the normalized shape of the golden vectors.
 * Bad input exits 2 with one line on stderr naming the layer that failed.
 *
 * @example
 * ```ts
 * const code = await decode(['--transport', 'sqs'], { stdin, stdout, stderr, env: process.env });
 * ```
 */
export async function decode(argv: string[], io: CommandIo): Promise<number> {
  let transport: DecodeTransport;
  try {
    ({ transport } = readFlags(DECODE_FLAGS, argv, io.env, null) as OptionsOf<typeof DECODE_FLAGS>);
  } catch (e) {
    io.stderr.write(`decode: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const payload = payloadOf(transport, await text(io.stdin));
    await loadCodecs();
    const task = decodeMessage(transport, payload);
    io.stdout.write(`${stringifyKombuJson(toNormalizedTask(task))}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    io.stderr.write(`decode failed at ${e.layer}: ${e.reason}\n`);
    return 2;
  }
}
