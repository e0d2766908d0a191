import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files each own a database and a channel prefix, so they run in parallel safely.
    fileParallelism: true,
    maxWorkers: 4,
  },
});
