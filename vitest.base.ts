import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript source through this export condition, so tests need no build.
const conditions = ['@rtms/source', 'node', 'import', 'default'];

/**
 * Shared vitest config: `unit` = src/**\/*.test.ts beside the code; `integration` = test/**\/*.test.ts against
 * real NATS, real HTTP and real WebSockets. Reports go to reports/<project>.json for the root summary.
 */
export function rtmsVitestConfig(
  overrides: {
    integrationTimeoutMs?: number;
    /** false: test files run one after another (suites that start whole systems and measure them). */
    fileParallelism?: boolean;
  } = {},
) {
  const timeout = overrides.integrationTimeoutMs ?? 60_000;
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@rtms/source'] } },
    test: {
      restoreMocks: true,
      fileParallelism: overrides.fileParallelism ?? true,
      teardownTimeout: 20_000,
      projects: [
        { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'], testTimeout: 10_000 } },
        {
          extends: true,
          test: {
            name: 'integration',
            include: ['test/**/*.test.ts'],
            testTimeout: timeout,
            hookTimeout: timeout,
          },
        },
      ],
    },
  });
}
