// Test runner settings: offline tests on loopback, run in parallel across the machine's cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // CLI tests spawn the built bin: build it once before the suite.
    globalSetup: ['test/global-setup.ts'],
  },
});
