import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (`main`) and ESM (`module`) builds without an `exports` map: Node loads the
    // CommonJS one for every package, so the tests must too, or `instanceof GraphQLError` breaks across them.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files each own a database and a channel prefix, so they run in parallel safely.
    fileParallelism: true,
    maxWorkers: 4,
    projects: [
      {
        extends: true,
        test: {
          name: 'api',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/integration/chaos.test.ts'],
        },
      },
      {
        // Chromium and two API processes per file: run after the API tests, not competing with them for CPU
        // (a loaded machine slows every process start, and PGlite's most of all).
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Two API processes, hundreds of subscribers and Redis restarts for a minute (opt-in, POS_CHAOS=1): last
        // and alone, so its bounds measure the system, not the other files competing for the CPUs.
        extends: true,
        test: {
          name: 'chaos',
          include: ['test/integration/chaos.test.ts'],
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
