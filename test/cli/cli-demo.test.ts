import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';

describe('loadgate demo (the README’s first command)', () => {
  it('measures a baseline, then a 30 % slower build against it, and prints the PR comment', async () => {
    const cwd = makeWorkDir();
    const run = await runCli(['demo'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1\/2 · the main branch: measuring the baseline/);
    expect(run.stdout).toMatch(/2\/2 · a pull request whose build answers 30 % slower/);
    // The slowdown must be seen: at least a warning, normally a failure of the gate.
    expect(run.stdout).toMatch(/### (❌|⚠️) loadgate: (fail|warn) — demo-shop/);
    expect(run.stdout).toMatch(
      /In a pull request this run would (fail the pull request check|pass)\./,
    );
    for (const file of [
      'loadgate-results.json',
      'loadgate-results-baseline.json',
      'loadgate-results-report.md',
    ]) {
      expect(existsSync(join(cwd, file))).toBe(true);
    }
    // The temporary directory is no git checkout, so the baseline is known by its date only.
    expect(readFileSync(join(cwd, 'loadgate-results-report.md'), 'utf8')).toMatch(
      /^Baseline: measured \d{4}-\d{2}-\d{2}$/m,
    );
  }, 60_000);
});
