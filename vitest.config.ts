import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const notSources = [
  '**/node_modules/**',
  '**/.next/**',
  '**/.data/**',
  'e2e/**',
  'lib/server/generated/**',
];

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // The real package throws outside React Server Components; tests import server modules.
      { find: /^server-only$/, replacement: path.join(root, 'test/server-only.ts') },
    ],
  },
  test: {
    environment: 'node',
    teardownTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...notSources, '**/*.int.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: notSources,
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/integration/setup.ts'],
          // One database per run, shared by the files: run them one after another.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
