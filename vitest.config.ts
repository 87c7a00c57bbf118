import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The parity suite's `parity: M of N` line (test/parity/); Node 22/24 binaries fetched into
    // the runtime cache once, before the files that run them.
    globalSetup: ['test/parity/harness/global-setup.ts', 'test/helpers/node-runtimes-setup.ts'],
    // Each e2e file starts its own local cloud on a free port; two cores, so keep forks few.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
