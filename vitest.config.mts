import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // PostgreSQL for the storage tests: the one at TEST_DATABASE_URL, or an embedded one started for the run.
    globalSetup: ['test/support/embedded-postgres-setup.ts'],
  },
});
