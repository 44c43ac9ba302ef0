import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@celery-cloud/source'] },
  test: { name: 'core', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
