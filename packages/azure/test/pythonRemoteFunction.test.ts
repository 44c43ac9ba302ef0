import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { type LocalAzure, type QueueHost, startLocalAzure, startQueueHost } from '@celery-cloud/local/azure';
import {
  CELERY_CLOUD_FUNCTION_DIR,
  DEBIAN_PYTHON,
  celerySendAndGet,
  hasPythonAzure,
} from '@celery-cloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerFromEnv } from '../src/index.js';

const EXAMPLES = resolve(import.meta.dirname, '../../../examples');
const python = hasPythonAzure() ? describe : describe.skip;
if (!hasPythonAzure())
  console.warn(
    '\n!!! SKIPPED: Debian python3-celery / python3-azure-* are not installed (scripts/bootstrap.sh) !!!\n',
  );

/**
 * The example Python remote function (examples/remote_function.py) answering as an Azure Function
 * does: `POST /api/<function>` with the function key in `x-functions-key`, on 127.0.0.1.
 */
async function startPythonFunctionApp(): Promise<{ child: ChildProcess; base: string }> {
  const script = [
    'from celery_cloud_function import make_server',
    'import remote_function as example',
    "server = make_server({'/api/quote': example.quote}, host='127.0.0.1', port=0)",
    'print(server.server_address[1], flush=True)',
    'server.serve_forever()',
  ].join('\n');
  const child = spawn(DEBIAN_PYTHON, ['-c', script], {
    env: {
      ...process.env,
      PYTHONPATH: `${EXAMPLES}:${CELERY_CLOUD_FUNCTION_DIR}`,
      PYTHONDONTWRITEBYTECODE: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, base: `http://127.0.0.1:${line.toString().trim()}` };
}

python(
  'Python Celery 5.2 → Azure Storage Queue → runner → a Python remote function (azurefunction://) → Blob',
  () => {
    let azure: LocalAzure;
    let host: QueueHost;
    let app: { child: ChildProcess; base: string };

    beforeAll(async () => {
      [azure, app] = await Promise.all([startLocalAzure(), startPythonFunctionApp()]);
      host = startQueueHost({
        connectionString: azure.connectionString,
        queue: azure.queue,
        handler: handlerFromEnv({
          ...azure.env,
          CELERY_CLOUD_LOG_LEVEL: 'error',
          CELERY_CLOUD_AZURE_FUNCTIONS_BASE_URL: app.base,
          CELERY_CLOUD_AZURE_FUNCTION_KEYS: JSON.stringify({ 'shop-app': 'fn-key-1' }),
          TASKS: JSON.stringify({ 'shop.quote': 'azurefunction://shop-app/quote' }),
        }),
        maxDequeueCount: 3,
      });
    }, 60_000);

    afterAll(async () => {
      await host?.stop();
      app?.child.kill();
      await azure?.stop();
    });

    it('returns the value, raises what Python raised, and retries when the function asks', async () => {
      const [value, invalid, missing, retried] = await celerySendAndGet(azure.python, [
        { name: 'shop.quote', args: ['A-1', 3] },
        { name: 'shop.quote', args: ['A-1', 0] },
        { name: 'shop.quote', args: ['Z-9', 1] },
        { name: 'shop.quote', args: ['B-2', 2], timeout: 60 },
      ]);
      expect(value).toMatchObject({
        state: 'SUCCESS',
        result_repr: "{'sku': 'A-1', 'quantity': 3, 'total': '29.70', 'currency': 'EUR'}",
      });
      expect(invalid).toMatchObject({
        state: 'FAILURE',
        exc_class: 'builtins.ValueError',
        exc_args: ["'quantity must be positive, got 0'"],
      });
      expect(missing).toMatchObject({ state: 'FAILURE', exc_args: ["'Z-9'"] });
      expect(String(missing?.exc_class)).toMatch(/OutOfStock$/);
      expect(retried).toMatchObject({
        state: 'SUCCESS',
        result_repr: expect.stringContaining("'total': '48.00'"),
      });
    }, 120_000);
  },
);
