/**
 * Hostile and broken messages: each ends with a typed error in a log line and either a FAILURE
 * stored under its task id or, when no task id can be read, handed back for the dead-letter queue.
 * Never a crash of the batch, never a run.
 */
import { describe, expect, it } from 'vitest';
import { encodeTaskMessage, wrapForTransport } from '../src/codec/index.js';
import type { InboundMessage } from '../src/ports.js';
import { TaskRegistry } from '../src/runner/TaskRegistry.js';
import { defineTask } from '../src/runner/defineTask.js';
import { testRunner } from '../src/testing/index.js';
import type { KombuEnvelope } from '../src/types.js';

let runs = 0;
const tasks = new TaskRegistry().register(
  defineTask('proj.add', (_ctx, a: number, b: number) => {
    runs += 1;
    return a + b;
  }),
);

const b64 = (text: string) => Buffer.from(text).toString('base64');
const good = () => encodeTaskMessage({ id: 'bad-1', task: 'proj.add', args: [1, 2], kwargs: {} });
const sqs = (envelope: KombuEnvelope | string): InboundMessage => ({
  messageId: 'm',
  transport: 'sqs',
  payload: typeof envelope === 'string' ? envelope : wrapForTransport(envelope, 'sqs'),
});
const withBody = (body: string, contentType = 'application/json'): KombuEnvelope => ({
  ...good(),
  body: b64(body),
  'content-type': contentType,
});

type Expected = { stored: { exc_type: string; exc_module: string } } | { handedBack: RegExp };

const cases: Array<[string, InboundMessage, Expected]> = [
  ['malformed base64', sqs('%%% not base64 %%%'), { handedBack: /transport: not valid base64/ }],
  ['malformed envelope JSON', sqs(b64('{"body": ')), { handedBack: /envelope/ }],
  [
    'no headers and no protocol-1 body',
    sqs({ ...good(), headers: {} }),
    { handedBack: /neither protocol 2/ },
  ],
  [
    'a body that is not [args, kwargs, embed]',
    sqs(withBody('{"args": [1, 2]}')),
    { stored: { exc_type: 'DecodeError', exc_module: 'kombu.exceptions' } },
  ],
  [
    'a header id that is not a string',
    sqs({ ...good(), headers: { ...good().headers, id: 42 } }),
    { handedBack: /header id must be a string/ },
  ],
  [
    'pickle',
    sqs(withBody('cos\nsystem\n(S"ls"\ntR.', 'application/x-python-serialize')),
    { stored: { exc_type: 'ContentDisallowed', exc_module: 'kombu.exceptions' } },
  ],
  [
    'an unknown content type',
    sqs(withBody('[[], {}, {}]', 'application/x-evil')),
    { stored: { exc_type: 'ContentDisallowed', exc_module: 'kombu.exceptions' } },
  ],
  [
    'YAML with a Python object tag',
    sqs(withBody('!!python/object/apply:os.system ["touch /tmp/pwned"]', 'application/x-yaml')),
    { stored: { exc_type: 'DecodeError', exc_module: 'kombu.exceptions' } },
  ],
  [
    'a body past the SQS size limit',
    sqs('A'.repeat(1024 * 1024 + 4)),
    { handedBack: /exceeds the sqs limit/ },
  ],
  [
    'arrays nested 100,000 deep',
    sqs(withBody(`[${'['.repeat(100_000)}${']'.repeat(100_000)}, {}, null]`)),
    { stored: { exc_type: 'DecodeError', exc_module: 'kombu.exceptions' } },
  ],
  [
    'an eta that is not a date',
    sqs(encodeTaskMessage({ id: 'bad-1', task: 'proj.add', args: [1, 2], kwargs: {}, eta: 'tomorrow' })),
    { stored: { exc_type: 'DecodeError', exc_module: 'kombu.exceptions' } },
  ],
  [
    'a task name with control characters',
    sqs(encodeTaskMessage({ id: 'bad-1', task: 'proj.add\u0000\u001b[2J', args: [], kwargs: {} })),
    { stored: { exc_type: 'DecodeError', exc_module: 'kombu.exceptions' } },
  ],
];

describe('bad input', () => {
  it.each(cases)(
    '%s: typed error, one log line, stored or handed back, never run',
    async (_name, inbound, expected) => {
      runs = 0;
      const { runner, backend, logger } = testRunner({ tasks });
      const [outcome] = await runner.runBatch([inbound]);
      expect(runs).toBe(0);
      expect(logger.lines).toHaveLength(1);
      if ('stored' in expected) {
        expect(outcome).toMatchObject({ action: 'ack', taskId: 'bad-1', state: 'FAILURE' });
        expect(await backend.get('bad-1')).toMatchObject({ status: 'FAILURE', result: expected.stored });
        expect(logger.lines[0]?.fields).toMatchObject({ exception: expected.stored.exc_type });
      } else {
        expect(outcome).toMatchObject({
          action: 'redeliver',
          reason: expect.stringMatching(expected.handedBack),
        });
        expect(backend.writes).toEqual([]);
        expect(logger.lines[0]).toMatchObject({ level: 'error' });
      }
    },
  );

  it('keeps the rest of the batch running when one message is hostile', async () => {
    const { runner, backend } = testRunner({ tasks });
    const outcomes = await runner.runBatch([
      sqs('%%%'),
      sqs(encodeTaskMessage({ id: 'fine', task: 'proj.add', args: [2, 2], kwargs: {} })),
    ]);
    expect(outcomes.map((o) => o.action)).toEqual(['redeliver', 'ack']);
    expect((await backend.get('fine'))?.result).toBe(4);
  });
});
