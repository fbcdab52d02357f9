import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects, chosen by what a test file does, not by its folder:
 * - `timed`: the file starts a server (a loopback target, a fake GitHub or artifact API, the demo
 *   target), a child process (the CLI, the built action) or the load engine, or measures time.
 *   Those run real load and time it; on the 2-core machines this project runs on, two workers
 *   plus their child processes starved each other into timing flakes (seen three times), so
 *   they get one worker, one file at a time.
 * - `fast`: every other test file (pure core tests, renderers, in-memory fakes of the ports),
 *   in parallel workers.
 * `timed` is the explicit list below and `fast` is everything else, so a new file is in exactly
 * one project; test/test-projects.test.ts fails when a file that starts servers or processes is
 * not in `timed`, or a file in `timed` does none of that.
 * Run together (`npm test`), the fast group finishes before the timed one starts
 * (`sequence.groupOrder`): the timed tests never share the CPU with the fast ones.
 */
export const TIMED_TESTS = [
  'test/action/action-dist.test.ts',
  'test/action/action-e2e*.test.ts',
  'test/cli/**/*.test.ts',
  'test/scripts/lint-workflows.test.ts',
  'test/helpers/target-server.test.ts',
  'test/shell/demo-target*.test.ts',
  'test/shell/engine/**/*.test.ts',
  'test/shell/heartbeat/**/*.test.ts',
  'test/shell/readiness-probe*.test.ts',
  'test/shell/prometheus/**/*.test.ts',
  'test/core/render/prometheus-promtool.test.ts',
  'test/shell/github/**/*.test.ts',
  'test/shell/store/**/*.test.ts',
  'test/browser/**/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...TIMED_TESTS],
          maxWorkers: '100%',
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'timed',
          include: TIMED_TESTS,
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
