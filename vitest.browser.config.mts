import { defineConfig } from 'vitest/config';

// `npm run test:browser`: real Chromium against the real app and the Agents Playground. One file at a time: each
// starts its own browser (and the Playground test its own bot and Playground), which is slow and heavy.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
