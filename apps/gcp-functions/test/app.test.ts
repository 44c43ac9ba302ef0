import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodeTaskMessage } from '@celery-cloud/core';
import { createPublisher, createResultStore } from '@celery-cloud/gcp';
import { type LocalGcp, hasGcpEmulators, startLocalGcp } from '@celery-cloud/local/gcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const APP = new URL('..', import.meta.url).pathname;
const BUNDLE = join(APP, 'dist/index.mjs');
const run = promisify(execFile);

const gcp = hasGcpEmulators() ? describe : describe.skip;
if (!hasGcpEmulators()) {
  console.warn(
    '\n!!! SKIPPED: Java or the gcloud emulator jars are missing: the bundled GCP function was not tested !!!\n',
  );
}

/**
 * The bundle in a plain Node process, loaded as the runtime loads it (no test transform in
 * between), served by functions-framework's HTTP layer on 127.0.0.1.
 */
async function serveBundle(env: Record<string, string>, target = 'celery') {
  const script = `
    await import(${JSON.stringify(BUNDLE)});
    const { getFunction, getTestServer } = await import('@google-cloud/functions-framework/testing');
    const server = getTestServer(${JSON.stringify(target)});
    server.listen(0, '127.0.0.1', () => console.log(typeof getFunction(${JSON.stringify(target)}), server.address().port));`;
  const child = spawn('node', ['--input-type=module', '-e', script], {
    cwd: APP,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [registered, port] = await new Promise<string[]>((resolve, reject) => {
    child.stdout.once('data', (line: Buffer) => resolve(line.toString().trim().split(' ')));
    child.once('exit', (code) => reject(new Error(`the function process exited with code ${code}`)));
  });
  child.stdout.resume();
  return { child, registered, port: Number(port) };
}

gcp('the bundled Cloud Function, behind a filtered push subscription (emulators)', () => {
  let stack: LocalGcp;
  let fn: Awaited<ReturnType<typeof serveBundle>>;
  let beat: Awaited<ReturnType<typeof serveBundle>>;
  beforeAll(async () => {
    // Built before any emulator runs in this worker: no synchronous child process after that.
    execFileSync('node', ['build.mjs'], { cwd: APP });
    stack = await startLocalGcp();
    const env = {
      ...stack.env,
      CELERY_RESULT_BACKEND: `firestore://${stack.projectId}/app-results`,
      CELERY_CLOUD_LOG_LEVEL: 'error',
    };
    fn = await serveBundle(env);
    beat = await serveBundle(env, 'beat');
    // As deploy.sh wires it: kombu's filter, pushed to the function under the topic's path.
    const endpoint = `http://127.0.0.1:${fn.port}/projects/${stack.projectId}/topics/${stack.topic}`;
    await stack.pubsub.topic(stack.topic).createSubscription('kombu-celery-push', {
      filter: 'attributes.routing_key="celery"',
      pushConfig: { pushEndpoint: endpoint },
    });
  }, 90_000);
  afterAll(async () => {
    fn?.child.kill();
    beat?.child.kill();
    await stack?.stop();
  });

  it('registers the CloudEvent function celery with functions-framework', () => {
    expect(fn.registered).toBe('function');
  });

  it('ships a package.json the runtime can install: functions-framework only, the rest is bundled', () => {
    const manifest = JSON.parse(readFileSync(join(APP, 'dist/package.json'), 'utf8'));
    expect(manifest).toMatchObject({ main: 'index.mjs', type: 'module' });
    expect(manifest.dependencies).toEqual({ '@google-cloud/functions-framework': '5.0.5' });
  });

  it('runs what Pub/Sub pushes, values and failures stored in the configured collection', async () => {
    const publisher = createPublisher({ pubsub: stack.pubsub, topic: stack.topic });
    const store = createResultStore({ firestore: stack.firestore, collection: 'app-results' });
    const send = (id: string, task: string, args: unknown[]) =>
      publisher.publish(encodeTaskMessage({ id, task, args, kwargs: {} }), { queue: 'celery' });
    await send('app-sum', 'proj.tasks.add', [40, 2]);
    await send('app-fail', 'proj.tasks.fail', ['no funds']);
    await expect
      .poll(() => store.get('app-sum'), { timeout: 20_000, interval: 100 })
      .toMatchObject({ status: 'SUCCESS', result: 42 });
    await expect
      .poll(() => store.get('app-fail'), { timeout: 20_000, interval: 100 })
      .toMatchObject({
        status: 'FAILURE',
        result: { exc_type: 'ValueError', exc_message: ['no funds'] },
      });
  }, 60_000);

  it('sends an entry of beat.json when a Cloud Scheduler job posts its name to the beat function, and the worker runs it', async () => {
    expect(beat.registered).toBe('function');
    const post = (body: unknown) =>
      fetch(`http://127.0.0.1:${beat.port}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const answers = [await post({ entry: 'add-every-minute' }), await post({ entry: 'add-every-minute' })];
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const sent = (await Promise.all(answers.map((a) => a.json()))) as Array<{
      entry: string;
      taskId: string;
    }>;
    expect(new Set(sent.map((s) => s.taskId)).size).toBe(2);
    const store = createResultStore({ firestore: stack.firestore, collection: 'app-results' });
    for (const { taskId } of sent)
      await expect
        .poll(() => store.get(taskId), { timeout: 20_000, interval: 100 })
        .toMatchObject({ status: 'SUCCESS', result: 5 });
    const unknown = await post({ entry: 'nightly' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      error:
        'beat schedule entry "nightly": is not in the schedule (entries: add-every-minute, add-weekday-mornings)',
    });
  }, 60_000);

  it('fails at cold start with a ConfigError naming a wrong result backend', async () => {
    // A fresh Node process imports the bundle as the runtime does; only the error's name and message.
    const script = `try { await import(${JSON.stringify(BUNDLE)}) } catch (e) { console.error(e.name + ': ' + e.message); process.exit(1) }`;
    const coldStart = run('node', ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, CELERY_RESULT_BACKEND: 'gs://bucket/results' },
    });
    await expect(coldStart).rejects.toMatchObject({
      stderr: 'ConfigError: expected a firestore:// result backend URL, got gs://\n',
    });
  });
});

describe('deploy.sh', () => {
  let bin: string;
  beforeAll(() => {
    // gcloud and pnpm stand-ins that record their arguments; nothing exists yet, so every
    // resource is created.
    bin = mkdtempSync(join(tmpdir(), 'gcloud-'));
    const recorder = (body: string) =>
      `#!/usr/bin/env bash\necho "$(basename "$0") $*" >> "${bin}/calls"\n${body}\n`;
    writeFileSync(
      join(bin, 'gcloud'),
      recorder(`case "$*" in
  "projects describe"*) echo 123456 ;;
  "functions describe celery-worker-beat"*) echo https://celery-worker-beat-x7q2-ew.a.run.app ;;
  "functions describe"*) echo https://celery-worker-x7q2-ew.a.run.app ;;
  *" describe"*) exit 1 ;;
esac`),
    );
    // pnpm builds nothing, but `celery-cloud beat` is the real command, run from the repository.
    const repo = new URL('../../..', import.meta.url).pathname;
    writeFileSync(
      join(bin, 'pnpm'),
      recorder(`case "$*" in
  "-w --silent celery-cloud "*) shift 3; cd "${repo}" && exec node --conditions=@celery-cloud/source --import tsx packages/cli/src/bin.ts "$@" ;;
esac`),
    );
    chmodSync(join(bin, 'gcloud'), 0o755);
    chmodSync(join(bin, 'pnpm'), 0o755);
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('creates the filtered push subscription, retries, dead letters, TTL and a private Node 22 function', async () => {
    await run('bash', [join(APP, 'deploy.sh')], {
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        PROJECT: 'my-proj',
        REGION: 'europe-west1',
        QUEUE: 'jobs.high',
      },
    });
    const calls = readFileSync(join(bin, 'calls'), 'utf8').split('\n');
    const call = (start: string) => calls.find((line) => line.startsWith(start)) ?? '';
    const url = 'https://celery-worker-x7q2-ew.a.run.app';
    expect(call('gcloud pubsub subscriptions create kombu-jobs-high')).toBe(
      [
        'gcloud pubsub subscriptions create kombu-jobs-high --topic=celery',
        '--message-filter=attributes.routing_key="jobs.high"',
        `--push-endpoint=${url}/projects/my-proj/topics/celery`,
        '--push-auth-service-account=celery-push@my-proj.iam.gserviceaccount.com',
        `--push-auth-token-audience=${url}`,
        '--ack-deadline=600 --min-retry-delay=10s --max-retry-delay=600s',
        '--dead-letter-topic=celery-dead-letter --max-delivery-attempts=100',
        '--message-retention-duration=7d --expiration-period=never',
      ].join(' '),
    );
    const deploy = call('gcloud functions deploy celery-worker');
    for (const flag of [
      '--gen2',
      '--source=dist',
      '--runtime=nodejs22',
      '--entry-point=celery',
      '--trigger-http',
      '--no-allow-unauthenticated',
      '--timeout=540s',
      'CELERY_RESULT_BACKEND=firestore://my-proj/celery',
      'CELERY_CLOUD_QUEUES=jobs.high',
      'CELERY_CLOUD_FUNCTION_TIMEOUT_SECONDS=540',
    ]) {
      expect(deploy).toContain(flag);
    }
    expect(call('pnpm')).toBe('pnpm --filter @celery-cloud/app-gcp-functions build');
    expect(calls).toContain('gcloud pubsub topics create celery-dead-letter');
    expect(call('gcloud pubsub subscriptions create celery-dead-letter')).toContain(
      '--topic=celery-dead-letter',
    );
    expect(call('gcloud firestore fields ttls update')).toBe(
      'gcloud firestore fields ttls update expires_at --collection-group=celery --enable-ttl --async',
    );
    const agent = '--member=serviceAccount:service-123456@gcp-sa-pubsub.iam.gserviceaccount.com';
    expect(call('gcloud pubsub topics add-iam-policy-binding celery-dead-letter')).toContain(agent);
    expect(call('gcloud pubsub subscriptions add-iam-policy-binding kombu-jobs-high')).toContain(agent);
    expect(call('gcloud functions add-invoker-policy-binding celery-worker ')).toContain(
      '--member=serviceAccount:celery-push@my-proj.iam.gserviceaccount.com',
    );
  });

  it("deploys the beat function and one Cloud Scheduler job per entry of beat.json, with the entry's cron in UTC", () => {
    const calls = readFileSync(join(bin, 'calls'), 'utf8').split('\n');
    const call = (start: string) => calls.find((line) => line.startsWith(start)) ?? '';
    expect(call('gcloud functions deploy celery-worker-beat')).toContain(
      '--entry-point=beat --trigger-http --no-allow-unauthenticated',
    );
    expect(call('gcloud functions add-invoker-policy-binding celery-worker-beat')).toContain(
      '--member=serviceAccount:celery-scheduler@my-proj.iam.gserviceaccount.com',
    );
    const url = 'https://celery-worker-beat-x7q2-ew.a.run.app';
    const job = (name: string, cron: string) =>
      [
        `gcloud scheduler jobs create http beat-${name} --location=europe-west1 --schedule=${cron}`,
        `--time-zone=Etc/UTC --uri=${url} --http-method=POST --message-body={"entry":"${name}"}`,
        '--oidc-service-account-email=celery-scheduler@my-proj.iam.gserviceaccount.com',
        `--oidc-token-audience=${url} --headers=Content-Type=application/json`,
      ].join(' ');
    expect(calls.filter((line) => line.startsWith('gcloud scheduler jobs create'))).toEqual([
      job('add-every-minute', '*/1 * * * *'),
      job('add-weekday-mornings', '0 7 * * 1-5'),
    ]);
  });
});
