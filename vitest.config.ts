import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Test files run in separate processes: each opens its own databases and servers.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // Files and the tests in each run in a random order, so that no test can lean on what another
    // left behind. The seed is printed first ("Running tests with seed …"); replay an order with
    // `npx vitest run --sequence.seed=<seed>`.
    sequence: { shuffle: true },
  },
});
