import { defineProject } from 'vitest/config';

const conditions = ['@celery-cloud/source', 'import', 'module', 'node', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@celery-cloud/source'] } },
  test: {
    // Node 20 is supported here; the SDK's notice about its future Node 22 floor is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    name: 'app-aws-lambda',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
