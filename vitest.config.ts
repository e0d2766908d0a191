import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS entry (no "exports" field), Vite to its "module" entry. Two copies
    // break every `instanceof GraphQLError` between our code and yoga/graphql-ws; load the one Node loads.
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
