import { fileURLToPath } from 'node:url';
import { pythonLambdaFunction, startLambdaInvokeServer } from '@celery-cloud/local/aws';
import { CELERY_CLOUD_FUNCTION_DIR, celerySendAndGet, hasPythonCelery } from '@celery-cloud/testkit';
import { describe, expect, it } from 'vitest';
import { handlerFromEnv } from '../src/index.js';
import { localAwsFunction } from './fixtures/localAwsFunction.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples', import.meta.url));
const python = hasPythonCelery() ? describe : describe.skip;

/** The worked example of docs/migrating-from-python-celery-cloud.md, on the local stack. */
python('a Python celery-cloud deployment, configured as it was, on this runner', () => {
  const local = localAwsFunction({
    handler: async (stack, onStop) => {
      const lambda = await startLambdaInvokeServer({
        functions: {
          quote: pythonLambdaFunction({
            handler: 'remote_function.handler',
            path: [EXAMPLES, CELERY_CLOUD_FUNCTION_DIR],
          }),
        },
      });
      const { CELERY_RESULT_BACKEND: _replaced, CELERY_CLOUD_LOG_LEVEL: _alsoReplaced, ...local } = stack.env;
      const env = {
        ...local,
        AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
        // The Python celery-cloud's settings, unchanged:
        CELERY_BACKEND_TABLE: stack.table,
        CELERY_BACKEND_REGION: 'eu-central-1',
        LOG_LEVEL: 'ERROR',
        MAX_ATTEMPTS: '5',
        CB_FAIL_MAX: '5',
        CB_RESET_TIMEOUT: '60',
        TASKS: JSON.stringify({
          'shop.quote': 'lambda://arn:aws:lambda:eu-central-1:123456789012:function:quote',
        }),
      };
      onStop(() => lambda.stop());
      return handlerFromEnv(env);
    },
    mapping: { visibilityTimeoutSeconds: 10 },
  });

  it('answers Celery tasks with the Python remote function of examples/remote_function.py', async () => {
    const results = await celerySendAndGet(local.stack.python, [
      { name: 'shop.quote', args: ['A-1', 3] },
      { name: 'shop.quote', args: ['A-1', 0] },
      { name: 'shop.quote', args: ['Z-9', 1] },
      { name: 'shop.quote', args: ['B-2', 2], kwargs: { currency: 'USD' }, timeout: 60 },
    ]);
    expect(results.map(({ id: _id, ...r }) => r)).toEqual([
      {
        state: 'SUCCESS',
        result_repr: "{'sku': 'A-1', 'quantity': 3, 'total': '29.70', 'currency': 'EUR'}",
      },
      {
        state: 'FAILURE',
        exc_class: 'builtins.ValueError',
        exc_args: ["'quantity must be positive, got 0'"],
      },
      { state: 'FAILURE', exc_class: 'celery.exceptions.OutOfStock', exc_args: ["'Z-9'"] },
      {
        state: 'SUCCESS',
        result_repr: "{'sku': 'B-2', 'quantity': 2, 'total': '48.00', 'currency': 'USD'}",
      },
    ]);
  }, 90_000);
});
