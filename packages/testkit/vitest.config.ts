import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@celery-cloud/source'] },
  test: { name: 'testkit', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
