// The end-to-end suite (npm run test:e2e): the built CLI against real Debian daemons (NSD, Unbound, Exim) on loopback.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 30_000,
    // The daemons start once for the whole run (test/e2e/global-setup.ts), after the CLI is built.
    globalSetup: ['test/global-setup.ts', 'test/e2e/global-setup.ts'],
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
