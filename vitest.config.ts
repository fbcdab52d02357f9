import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Engine, CLI and action tests run real load against loopback servers and time it. On the
    // 2-core machines this project runs on, two workers plus their child processes starved each
    // other into timing flakes (seen three times); one worker takes ~4 min and stays honest.
    maxWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
