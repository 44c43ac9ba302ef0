import { chain, chord, createClient, group } from '@celery-cloud/client';
import { type ResultMeta, defineTask, parseKombuJson } from '@celery-cloud/core';
import { capturingLogger, interopTasks } from '@celery-cloud/core/testing';
import {
  type LocalGcp,
  type PubSubPush,
  hasGcpEmulators,
  startLocalGcp,
  startPubSubPush,
} from '@celery-cloud/local/gcp';
import { describeWhen, readVectorFiles, watchStates } from '@celery-cloud/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPublisher, createResultStore, handlerFromEnv } from '../src/index.js';

/** The runner's log records of this file's tests: the failures they provoke are expected, not printed. */
const quiet = capturingLogger();

const { tasks, runs } = interopTasks();
// The tasks the captured kombu 5.6 messages call.
tasks.register(
  defineTask('proj.tasks.add', (_ctx, a: number, b: number) => a + b),
  defineTask('proj.tasks.echo', (_ctx, ...args: unknown[]) => args),
);

interface PubSubVector {
  raw: { data_base64: string; attributes: Record<string, string> };
  expect: { id: string; task: string; args: unknown[]; expires: string | null };
}
const vectors = readVectorFiles('messages/pubsub').map(
  (f) => [f.name, parseKombuJson(f.text) as unknown as PubSubVector] as const,
);
// What each captured message ends as: its expiry is long past, starmap adds [1, 2] and [3, 4].
const settled = (v: PubSubVector): Partial<ResultMeta> => {
  if (v.expect.expires !== null) return { status: 'REVOKED' };
  if (v.expect.task === 'celery.starmap') return { status: 'SUCCESS', result: [3, 7] };
  if (v.expect.task === 'proj.tasks.add') return { status: 'SUCCESS', result: 5 };
  return { status: 'SUCCESS', result: v.expect.args };
};

const gcp = describeWhen(
  hasGcpEmulators(),
  'Java or the gcloud Firestore/Pub/Sub emulator jars are missing: GCP tests did not run',
);

gcp('Pub/Sub → our CloudEvent function → Firestore, with our client (emulators)', () => {
  let stack: LocalGcp;
  let push: PubSubPush;
  let client: ReturnType<typeof createClient>;

  beforeAll(async () => {
    stack = await startLocalGcp();
    // No CELERY_CLOUD_CHORD_MODE: the default (auto) counts the client's counter-mode chords.
    const env = { ...stack.env, CELERY_CLOUD_LOG_LEVEL: 'error' };
    push = startPubSubPush({
      subscription: stack.subscription,
      handler: handlerFromEnv(env, { tasks, logger: quiet }),
    });
    client = createClient({
      publisher: createPublisher({ pubsub: stack.pubsub, topic: stack.topic }),
      backend: createResultStore({ firestore: stack.firestore }),
      chordMode: 'counter',
    });
  }, 60_000);

  afterAll(async () => {
    await push?.stop();
    await stack?.stop();
  });

  it.each(vectors)('runs the captured kombu 5.6 message %s published to the topic', async (_name, v) => {
    await stack.pubsub.topic(stack.topic).publishMessage({
      data: Buffer.from(v.raw.data_base64, 'base64'),
      attributes: v.raw.attributes,
    });
    const store = createResultStore({ firestore: stack.firestore });
    await expect
      .poll(() => store.get(v.expect.id), { timeout: 20_000, interval: 100 })
      .toMatchObject(settled(v));
  });

  it('stores values and failures with the right states', async () => {
    const sum = await client.sendTask<number>('proj.add', [2, 3]);
    const failed = await client.sendTask('proj.fail', ['no funds']);
    const unknown = await client.sendTask('proj.unknown');
    expect(await sum.get({ timeout: 30 })).toBe(5);
    await expect(failed.get({ timeout: 30 })).rejects.toMatchObject({
      excType: 'ValueError',
      excMessage: ['no funds'],
    });
    await expect(unknown.get({ timeout: 30 })).rejects.toMatchObject({ excType: 'NotRegistered' });
    expect(await failed.state()).toBe('FAILURE');
  }, 60_000);

  it('retries through RETRY to SUCCESS and does not run a countdown early', async () => {
    const store = createResultStore({ firestore: stack.firestore });
    const flaky = await client.sendTask<string>('proj.flaky', [], {}, { task_id: 'gcp-flaky-1' });
    const watch = watchStates(() => store.get('gcp-flaky-1'));
    const sentAt = Date.now();
    const when = await client.sendTask<number>('proj.when', [], {}, { countdown: 2 });
    expect(await flaky.get({ timeout: 60 })).toBe('ok after 2');
    expect(await watch.stop()).toEqual(['RETRY', 'SUCCESS']);
    expect(await when.get({ timeout: 60 })).toBeGreaterThanOrEqual(sentAt + 2000);
  }, 90_000);

  it('does not run a message published for another queue', async () => {
    const other = await client.sendTask('proj.add', [1, 1], {}, { queue: 'reports' });
    const probe = await client.sendTask<number>('proj.add', [2, 2]);
    expect(await probe.get({ timeout: 30 })).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(runs.get(other.id)).toBeUndefined();
    expect(await other.state()).toBe('PENDING');
  }, 60_000);

  it('runs a chain, a group and a counter-mode chord to completion', async () => {
    const add = client.task<[number, number], number>('proj.add');
    const mul = client.task<[number, number], number>('proj.mul');
    const tsum = client.task<[number[]], number>('proj.tsum');
    const chained = await client.apply(chain(add.s(1, 2), mul.s(10), add.s(4)));
    const members = await client.apply(group(add.s(1, 1), add.s(2, 2), add.s(3, 3)));
    const chorded = await client.apply(
      chord(
        [0, 1, 2, 3, 4].map((i) => add.s(i, i)),
        tsum.s(),
      ),
    );
    expect(await chained.get({ timeout: 60 })).toBe(34);
    expect(await members.get({ timeout: 60 })).toEqual([2, 4, 6]);
    expect(await chorded.get({ timeout: 60 })).toBe(20);
  }, 90_000);

  it('runs link callbacks, errbacks, map, starmap and chunks', async () => {
    const add = client.task<[number, number], number>('proj.add');
    const callback = client.signature<number>('proj.mul', [3], {}, { task_id: 'gcp-cb-1' });
    const errback = client.signature('proj.on_err', [], {}, { task_id: 'gcp-eb-1' });
    await client.sendTask('proj.add', [1, 1], {}, { link: callback });
    const failed = await client.sendTask('proj.fail', ['x'], {}, { link_error: errback });
    const tsum = client.signature('proj.tsum');
    const mapped = await client.sendTask('celery.map', [], {
      task: tsum,
      it: [
        [1, 2],
        [3, 4],
      ],
    });
    const starmapped = await client.sendTask('celery.starmap', [], {
      task: add.s(),
      it: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(await client.asyncResult('gcp-cb-1').get({ timeout: 30 })).toBe(6);
    expect(await client.asyncResult('gcp-eb-1').get({ timeout: 30 })).toBe(`errback saw ${failed.id}`);
    expect(await mapped.get({ timeout: 30 })).toEqual([3, 7]);
    expect(await starmapped.get({ timeout: 30 })).toEqual([3, 7]);
  }, 90_000);
});
