import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Capture tests open raw sockets and the JDK tests spawn java: keep parallelism to the 2 cores.
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
  },
});
