import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createPublisher, createResultStore } from '@celery-cloud/aws';
import { type SignatureDict, startChord, systemClock } from '@celery-cloud/core';
import { DEBIAN_PYTHON, hasPythonCelery, runPython } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevProcess, startDevProcess } from './devProcess.js';

// The Python side is Celery 5.2 as Debian ships it, configured only from the printed line.
const client = `
import json, sys
from celery import Celery
config = json.loads(sys.argv[1])
app = Celery('client', broker=config['broker_url'], backend=config['backend_url'])
app.conf.broker_transport_options = config['transport_options']
app.conf.task_default_queue = config['queue']
ok = app.send_task('tasks.add', args=(2, 3))
bad = app.send_task('tasks.fail', args=('no good',))
print(json.dumps({'value': ok.get(timeout=30), 'state': ok.state}))
try:
    bad.get(timeout=30)
    print(json.dumps({'raised': None}))
except ValueError as error:
    print(json.dumps({'raised': 'ValueError', 'message': str(error), 'state': bad.state}))
`;

describe.skipIf(!hasPythonCelery())(
  `celery-cloud dev --provider aws with ${DEBIAN_PYTHON} Celery 5.2`,
  () => {
    let dev: DevProcess;

    beforeAll(async () => {
      dev = await startDevProcess(['--tasks', 'examples/tasks.ts', '--summary-interval', '0']);
    });

    afterAll(async () => {
      dev?.child.kill('SIGTERM');
      await dev?.exited;
    });

    it('prints one JSON line with the broker, queue, region and backend', () => {
      expect(dev.config.broker_url).toMatch(/^sqs:\/\/test:test@127\.0\.0\.1:\d+$/);
      expect(dev.config.queue_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\d+\/celery$/);
      expect(dev.config.region).toBe('us-east-1');
      // The handler knows the redrive policy, so it stores DeadLetteredError on the last delivery.
      expect(dev.config.env.CELERY_CLOUD_MAX_RECEIVE_COUNT).toBe('3');
      expect(dev.config.backend_url).toMatch(
        /^dynamodb:\/\/test:test@localhost:\d+\/celery\?read=5&write=5$/,
      );
    });

    it('runs tasks a Python client sends and stores results it reads with AsyncResult.get()', async () => {
      const run = await runPython(client, { args: [JSON.stringify(dev.config)], timeoutMs: 45_000 });
      expect(run.stderr).not.toMatch(/Traceback/);
      const [success, failure] = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(success).toEqual({ value: 5, state: 'SUCCESS' });
      expect(failure).toEqual({ raised: 'ValueError', message: 'no good', state: 'FAILURE' });
      // The line follows the stored result through another process's pipe: Python may read first.
      await expect.poll(() => dev.stderr()).toMatch(/^task \S+ tasks\.add SUCCESS \d+ ms$/m);
      await expect.poll(() => dev.stderr()).toMatch(/^task \S+ tasks\.fail FAILURE \d+ ms$/m);
    }, 60_000);

    it('completes a Celery 5.2 chord (chord_unlock) and a counter-mode chord, with no chord mode given', async () => {
      const python = `
import json, sys
from celery import Celery, chord
config = json.loads(sys.argv[1])
app = Celery('client', broker=config['broker_url'], backend=config['backend_url'])
app.conf.broker_transport_options = config['transport_options']
app.conf.task_default_queue = config['queue']
result = chord([app.signature('tasks.add', (i, i)) for i in range(4)], app.signature('tasks.tsum'))()
print(json.dumps({'value': result.get(timeout=30)}))
`;
      const env = dev.config.env;
      const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
      const sqs = new SQSClient({ region: 'us-east-1', endpoint: env.AWS_ENDPOINT_URL_SQS, credentials });
      const dynamo = new DynamoDBClient({
        region: 'us-east-1',
        endpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
        credentials,
      });
      const backend = createResultStore({ client: dynamo, table: 'celery' });
      const sig = (task: string, args: number[], options = {}): SignatureDict => ({
        task,
        args,
        kwargs: {},
        options,
        subtask_type: null,
        immutable: false,
      });
      // What a Celery 5.4+ client does: save the group record, send the header, no chord_unlock.
      await startChord(
        {
          backend,
          publisher: createPublisher({ client: sqs, queueUrl: env.CELERY_CLOUD_QUEUE_URL }),
          clock: systemClock,
          queueFor: () => 'celery',
          chordMode: 'counter',
          logger: { log: () => {} },
        },
        'dev-counter-group',
        [1, 2, 3].map((i) => sig('tasks.add', [i, i])),
        sig('tasks.tsum', [], { task_id: 'dev-counter-body' }),
        { parentId: null, rootId: null, fallbackId: 'dev-counter-group' },
      );
      const run = await runPython(python, { args: [JSON.stringify(dev.config)], timeoutMs: 45_000 });
      const deadline = Date.now() + 20_000;
      let body = await backend.get('dev-counter-body');
      while (body?.status !== 'SUCCESS' && Date.now() < deadline) {
        await sleep(100);
        body = await backend.get('dev-counter-body');
      }
      sqs.destroy();
      dynamo.destroy();
      expect(run.stderr).not.toMatch(/Traceback/);
      expect(JSON.parse(run.stdout.trim())).toEqual({ value: 12 });
      expect(body).toMatchObject({ status: 'SUCCESS', result: 12 });
    }, 90_000);

    it('drains and exits 0 on SIGTERM, writing nothing else on stdout', async () => {
      dev.child.kill('SIGTERM');
      expect(await dev.exited).toBe(0);
      expect(dev.extraStdout).toEqual([]);
    });
  },
);
