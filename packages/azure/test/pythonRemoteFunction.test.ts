import { resolve } from 'node:path';
import { celerySendAndGet, hasPythonAzure, startPythonFunctionServer } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { handlerFromEnv } from '../src/index.js';
import { localAzureFunction } from './fixtures/localAzureFunction.js';

const EXAMPLES = resolve(import.meta.dirname, '../../../examples');
const python = hasPythonAzure() ? describe : describe.skip;
if (!hasPythonAzure())
  console.warn(
    '\n!!! SKIPPED: Debian python3-celery / python3-azure-* are not installed (scripts/bootstrap.sh) !!!\n',
  );

python(
  'Python Celery 5.2 → Azure Storage Queue → runner → a Python remote function (azurefunction://) → Blob',
  () => {
    const local = localAzureFunction({
      handler: async (azure, onStop) => {
        // The example function answering as an Azure Function does: POST /api/<function>.
        const app = await startPythonFunctionServer({
          path: [EXAMPLES],
          routes: { '/api/quote': 'remote_function.quote' },
        });
        onStop(() => app.stop());
        return handlerFromEnv({
          ...azure.env,
          CELERY_CLOUD_LOG_LEVEL: 'error',
          CELERY_CLOUD_AZURE_FUNCTIONS_BASE_URL: app.base,
          CELERY_CLOUD_AZURE_FUNCTION_KEYS: JSON.stringify({ 'shop-app': 'fn-key-1' }),
          TASKS: JSON.stringify({ 'shop.quote': 'azurefunction://shop-app/quote' }),
        });
      },
      maxDequeueCount: 3,
    });

    it('returns the value, raises what Python raised, and retries when the function asks', async () => {
      const [value, invalid, missing, retried] = await celerySendAndGet(local.azure.python, [
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
