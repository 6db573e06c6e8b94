import { defineConfig } from 'vitest/config';
import path from 'node:path';

const alias = {
  '@': import.meta.dirname,
  // server-only guards Next bundles; outside Next it must be a no-op.
  'server-only': path.join(import.meta.dirname, 'lib/testing/empty-module.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['lib/**/*.test.ts', 'components/**/*.test.ts'], environment: 'node' } },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          globalSetup: ['tests/integration/global-setup.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'faults',
          include: ['tests/faults/**/*.test.ts', 'tests/integration/bad-input.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          globalSetup: ['tests/faults/global-setup.ts'],
        },
      },
    ],
  },
});
