// Runs vitest and ends with one plain line, "tests: N passed, N failed[, N skipped]", which
// log readers that do not know vitest's own summary format can count. Exit code is vitest's.
// Arguments go to vitest: `--project fast` or `--project timed` runs one project (see
// vitest.config.ts); none runs both in one vitest run, the fast group to the end before the
// timed group starts (their `sequence.groupOrder`), and the line counts both.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const reportPath = 'coverage/vitest-report.json';
mkdirSync('coverage', { recursive: true });
const vitest = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportPath}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
try {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  const tail = skipped > 0 ? `, ${skipped} skipped` : '';
  process.stdout.write(
    `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${tail}\n`,
  );
} catch {
  process.stdout.write('tests: no report written (vitest did not finish)\n');
}
process.exit(vitest.status ?? 1);
