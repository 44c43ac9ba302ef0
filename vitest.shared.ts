import { type UserWorkspaceConfig, defineProject } from 'vitest/config';

/** Resolve workspace packages to their TypeScript sources (the `@celery-cloud/source` condition). */
const conditions = ['@celery-cloud/source', 'import', 'module', 'node', 'default'];

/**
 * The Vitest project of one workspace package: unit tests beside the code, integration tests in
 * `test/`, workspace imports resolved to sources.
 *
 * @example
 * ```ts
 * export default workspaceProject('aws');
 * ```
 */
export function workspaceProject(name: string): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@celery-cloud/source'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // Projects do not inherit the root's timeouts: integration tests talk to emulators and
      // Python, which a loaded 2-core machine slows down.
      testTimeout: 30_000,
      hookTimeout: 60_000,
      // Node 20 is supported here; the SDK's notice about its future Node 22 floor is noise in test output.
      // Google's SDKs would probe for a metadata server that only exists on Google Cloud.
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', METADATA_SERVER_DETECTION: 'none' },
    },
  });
}
