import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeTaskMessage, wrapForTransport } from '@celery-cloud/core';
import { createResultStore } from '@celery-cloud/gcp';
import { type LocalGcp, hasGcpEmulators, startLocalGcp } from '@celery-cloud/gcp/local';
import { getFunction } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const APP = new URL('..', import.meta.url).pathname;

const gcp = hasGcpEmulators() ? describe : describe.skip;
if (!hasGcpEmulators()) {
  console.warn(
    '\n!!! SKIPPED: Java or the gcloud emulator jars are missing: the GCP app test did not run !!!\n',
  );
}

gcp('the bundled Cloud Function', () => {
  let stack: LocalGcp;
  beforeAll(async () => {
    execFileSync('node', ['build.mjs'], { cwd: APP });
    stack = await startLocalGcp();
  }, 90_000);
  afterAll(() => stack?.stop());

  it('registers the CloudEvent function and runs a Pub/Sub message as functions-framework delivers it', async () => {
    Object.assign(process.env, stack.env, { CELERY_CLOUD_LOG_LEVEL: 'error' });
    await import(join(APP, 'dist/index.mjs'));
    const handler = getFunction('celery') as (event: unknown) => Promise<void>;
    const { data_base64, attributes } = wrapForTransport(
      encodeTaskMessage({ id: 'gcf-1', task: 'proj.tasks.add', args: [40, 2], kwargs: {} }),
      'pubsub',
    );
    await handler({
      id: 'e1',
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      source: '//pubsub.googleapis.com/projects/p/topics/celery',
      specversion: '1.0',
      data: {
        message: { data: data_base64, attributes, messageId: 'm1' },
        subscription: 'projects/p/subscriptions/s',
      },
    });
    expect(await createResultStore({ firestore: stack.firestore }).get('gcf-1')).toMatchObject({
      status: 'SUCCESS',
      result: 42,
    });
  }, 60_000);

  it('deploys on Node 22 with retries, the routing-key filter, a dead-letter topic and a TTL policy', () => {
    const script = readFileSync(join(APP, 'deploy.sh'), 'utf8');
    for (const needle of [
      '--runtime=nodejs22',
      '--retry',
      'attributes.routing_key',
      '--dead-letter-topic',
      'ttls update expires_at',
      'CELERY_CLOUD_MAX_RECEIVE_COUNT=$MAX_ATTEMPTS',
    ]) {
      expect(script).toContain(needle);
    }
    expect(JSON.parse(readFileSync(join(APP, 'package.json'), 'utf8')).main).toBe('dist/index.mjs');
  });
});
