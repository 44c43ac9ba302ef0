import { InvocationContext } from '@azure/functions';
import { ConfigError, encodeTaskMessage, wrapForTransport } from '@celery-cloud/core';
import { describeHandlerPluginContract } from '@celery-cloud/testkit/contracts';
import { describe } from 'vitest';
import { handlerFromEnv } from './handlerFromEnv.js';

// Nothing listens there: a handler that tried to reach Blob storage would fail the message. The task
// is sent with the ignore_result header, so a SUCCESS is acknowledged without a write.
const connection =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1';

describe('handlerFromEnv plugins', () => {
  describeHandlerPluginContract({
    env: { CELERY_RESULT_BACKEND: `azureblockblob://${connection}` },
    handlerFromEnv,
    encodeTaskMessage,
    deliver: (handler, task, id) =>
      handler(
        wrapForTransport(task, 'azure-queue'),
        new InvocationContext({ triggerMetadata: { id: `m-${id}`, dequeueCount: 1 } }),
      ),
    acknowledged: undefined,
    remoteRoute: 'azurefunction://app/fn',
    configError: ConfigError,
  });
});
