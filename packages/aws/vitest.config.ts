import { defineProject } from 'vitest/config';

const conditions = ['@celery-cloud/source', 'import', 'module', 'node', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@celery-cloud/source'] } },
  test: { name: 'aws', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
