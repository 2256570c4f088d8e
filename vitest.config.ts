import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds. Node, and so Apollo, loads the CJS one;
    // Vite would hand our code the ESM one, and errors and types from two realms don't mix
    // (instanceof fails). Pin our imports to the build Node uses, as in production under tsx.
    // Only the bare specifier: a deep import (graphql/execution/values.js) is a CJS file already.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/globalSetup.ts'],
    // Test files share one database and reset it before each test, so they run one at a time.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
