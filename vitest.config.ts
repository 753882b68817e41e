// Test runner settings: offline tests on loopback, run in parallel across the machine's cores.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Most test time is waiting (loopback servers, spawned bins, timeouts a world asks for): one worker
    // per core used 0.9 of 2 cores and took 6 m 10 s; two per core took 2 m 49 s on the same machine.
    maxWorkers: Math.min(8, 2 * availableParallelism()),
    // CLI tests spawn the built bin: build it once before the suite.
    globalSetup: ['test/global-setup.ts'],
  },
});
