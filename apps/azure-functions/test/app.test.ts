import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createResultStore } from '@celery-cloud/azure';
import { decodeMessage, encodeTaskMessage, wrapForTransport } from '@celery-cloud/core';
import { type LocalAzure, startLocalAzure, startQueueHost } from '@celery-cloud/local/azure';
import { filesAtColdStart } from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const APP = new URL('..', import.meta.url).pathname;
const read = (name: string) => JSON.parse(readFileSync(join(APP, name), 'utf8'));

// A stand-in for the Functions worker's own `@azure/functions-core` module: `app.storageQueue`
// registers through it for real, and the test keeps what was registered.
const FAKE_CORE = `
module.exports = {
  setProgrammingModel() {},
  registerHook() { return { dispose() {} }; },
  log() {},
  registerFunction(metadata, handler) { (globalThis.registered ??= []).push({ metadata, handler }); return { dispose() {} }; },
};`;

interface Registered {
  metadata: { name: string; bindings: Record<string, Record<string, unknown>> };
  handler: (entry: unknown, context: unknown) => Promise<void>;
}

describe('the bundled Azure Functions app', () => {
  let azure: LocalAzure;
  let dir: string;
  beforeAll(async () => {
    execFileSync('node', ['build.mjs'], { cwd: APP });
    azure = await startLocalAzure();
    dir = mkdtempSync(join(tmpdir(), 'functions-host-'));
    mkdirSync(join(dir, 'node_modules/@azure/functions-core'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/@azure/functions-core/index.js'), FAKE_CORE);
    // The zip deploy ships all of dist/: the entry and the chunks it loads.
    cpSync(join(APP, 'dist'), dir, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await azure?.stop();
  });

  it('is an entry and its chunks, under 1.5 MB together, without the emulator', () => {
    const files = readdirSync(join(APP, 'dist'));
    expect(files).toContain('index.mjs');
    const size = files.reduce((n, f) => n + statSync(join(APP, 'dist', f)).size, 0);
    expect(size).toBeLessThan(1.5 * 1024 * 1024);
    for (const file of files) expect(readFileSync(join(APP, 'dist', file), 'utf8')).not.toContain('azurite');
  });

  it('starts without the storage SDKs: the Blob and Queue clients and their XML parser are in chunks loaded on first use', () => {
    const atStart = filesAtColdStart(join(APP, 'dist/index.mjs'));
    const files = readdirSync(join(APP, 'dist'));
    // Class names esbuild keeps (keepNames), each in the SDK's own code only.
    for (const marker of ['"BlobServiceClient"', '"QueueServiceClient"', 'XMLParser']) {
      const holding = files.filter((f) => readFileSync(join(APP, 'dist', f), 'utf8').includes(marker));
      expect(holding, marker).not.toEqual([]);
      expect(
        holding.filter((f) => atStart.includes(f)),
        marker,
      ).toEqual([]);
    }
    const bytes = atStart.reduce((n, f) => n + statSync(join(APP, 'dist', f)).size, 0);
    expect(bytes).toBeLessThan(0.6 * 1024 * 1024);
  });

  it('registers a Storage Queue trigger through the worker module and runs a message the way the host calls it', async () => {
    Object.assign(process.env, azure.env, { CELERY_CLOUD_LOG_LEVEL: 'error' });
    await import(join(dir, 'index.mjs'));
    const registered = ((globalThis as { registered?: Registered[] }).registered ?? []).find(
      (r) => r.metadata.name === 'celery',
    );
    if (!registered) throw new Error('the worker module registered no function named celery');
    const trigger = Object.values(registered.metadata.bindings).find((b) => b.direction === 'in');
    expect(trigger).toMatchObject({
      type: 'queueTrigger',
      queueName: '%CELERY_CLOUD_QUEUE%',
      connection: 'AzureWebJobsStorage',
    });
    const text = wrapForTransport(
      encodeTaskMessage({ id: 'app-1', task: 'proj.tasks.add', args: [40, 2], kwargs: {} }),
      'azure-queue',
    );
    await registered.handler(JSON.parse(text), {
      invocationId: 'i1',
      triggerMetadata: { id: 'm1', dequeueCount: 1 },
    });
    expect(await createResultStore({ connectionString: azure.connectionString }).get('app-1')).toMatchObject({
      status: 'SUCCESS',
      result: 42,
    });
  });

  it("registers a timer per entry of beat.json whose run sends the entry's task, which the queue trigger runs to SUCCESS", async () => {
    const registered = (globalThis as { registered?: Registered[] }).registered ?? [];
    const timers = registered.filter((r) =>
      Object.values(r.metadata.bindings).some((b) => b.type === 'timerTrigger'),
    );
    expect(
      timers.map((t) => [
        t.metadata.name,
        Object.values(t.metadata.bindings).find((b) => b.direction === 'in')?.schedule,
      ]),
    ).toEqual([
      ['beat-add-every-minute', '0 */1 * * * *'],
      ['beat-add-weekday-mornings', '0 0 7 * * 1-5'],
    ]);
    const queueTrigger = registered.find((r) => r.metadata.name === 'celery');
    const [timer] = timers;
    if (!queueTrigger || !timer) throw new Error('the worker module registered no queue trigger or no timer');
    // The timer runs twice, as the host fires it; each run is one message with its own task id.
    for (let i = 0; i < 2; i++)
      await timer.handler({ isPastDue: false }, { invocationId: `t${i}`, triggerMetadata: {} });
    const entries: unknown[] = [];
    const host = startQueueHost({
      connectionString: azure.connectionString,
      queue: azure.queue,
      handler: (entry, context) => {
        entries.push(entry);
        return queueTrigger.handler(entry, context);
      },
    });
    const store = createResultStore({ connectionString: azure.connectionString });
    try {
      await expect.poll(() => entries.length, { timeout: 15_000 }).toBe(2);
      const tasks = entries.map((entry) => decodeMessage('azure-queue', JSON.stringify(entry)));
      expect(tasks.map((t) => [t.protocol, t.task, t.args])).toEqual([
        [2, 'proj.tasks.add', [2, 3]],
        [2, 'proj.tasks.add', [2, 3]],
      ]);
      expect(new Set(tasks.map((t) => t.id)).size).toBe(2);
      for (const task of tasks)
        await expect
          .poll(async () => (await store.get(task.id))?.status, { timeout: 15_000 })
          .toBe('SUCCESS');
    } finally {
      await host.stop();
    }
  }, 60_000);

  it('reads kombu plain-JSON messages and dead-letters at the count the runner is told', () => {
    const host = read('host.json');
    expect(host.extensions.queues).toMatchObject({ messageEncoding: 'none', maxDequeueCount: 5 });
    const template = read('azuredeploy.json');
    expect(template.parameters.maxDequeueCount.defaultValue).toBe(host.extensions.queues.maxDequeueCount);
    const site = template.resources.find((r: { type: string }) => r.type === 'Microsoft.Web/sites');
    const settings = Object.fromEntries(
      site.properties.siteConfig.appSettings.map((s: { name: string; value: string }) => [s.name, s.value]),
    );
    expect(settings.CELERY_CLOUD_MAX_RECEIVE_COUNT).toBe("[string(parameters('maxDequeueCount'))]");
    expect(settings.CELERY_RESULT_BACKEND).toMatch(/^\[concat\('azureblockblob:\/\//);
    expect(settings).toMatchObject({ FUNCTIONS_WORKER_RUNTIME: 'node', FUNCTIONS_EXTENSION_VERSION: '~4' });
  });

  it("expires result blobs after Celery's result_expires (one day) with a lifecycle management rule", () => {
    const template = read('azuredeploy.json');
    expect(template.parameters.resultExpiresDays.defaultValue).toBe(1);
    const policy = template.resources.find((r: { type: string }) => r.type.endsWith('/managementPolicies'));
    const [rule] = policy.properties.policy.rules;
    expect(rule.definition.filters.prefixMatch).toContain('celery/celery-task-meta-');
    expect(rule.definition.actions.baseBlob.delete).toEqual({
      daysAfterModificationGreaterThan: "[parameters('resultExpiresDays')]",
    });
  });

  it('deploys on a current Node runtime over HTTPS only, with a private results container', () => {
    const template = read('azuredeploy.json');
    const site = template.resources.find((r: { type: string }) => r.type === 'Microsoft.Web/sites');
    expect(site.properties).toMatchObject({
      httpsOnly: true,
      siteConfig: { linuxFxVersion: 'Node|22', minTlsVersion: '1.2' },
    });
    const container = template.resources.find((r: { type: string }) => r.type.endsWith('/containers'));
    expect(container.properties.publicAccess).toBe('None');
    expect(read('package.json').main).toBe('dist/index.mjs');
  });
});
