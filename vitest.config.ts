import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node resolves `graphql` (no exports map) to its CommonJS entry for every package; Vite would hand our
    // own files the .mjs entry instead, a second copy that graphql-js rejects as "another realm".
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
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
