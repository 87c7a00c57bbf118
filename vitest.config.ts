import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Prints the parity suite's `parity: M of N` line and holds it to its target (test/parity/).
    globalSetup: ['test/parity/harness/global-setup.ts'],
    // Each e2e file starts its own local cloud on a free port; two cores, so keep forks few.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
