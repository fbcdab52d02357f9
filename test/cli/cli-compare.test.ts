import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';
import { simulateRun } from '../helpers/synthetic-run.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

const shop = (slowdown: number) => [
  { name: 'list', ratePerSec: 300, medianMs: 8 * slowdown },
  { name: 'detail', ratePerSec: 150, medianMs: 5 * slowdown },
];

function writeRuns(cwd: string) {
  const write = (name: string, slowdown: number, seed: number) =>
    writeFileSync(
      join(cwd, name),
      JSON.stringify(simulateRun({ scenarios: shop(slowdown), durationMs: 30_000, seed })),
    );
  write('base.json', 1, 1);
  write('same.json', 1, 2);
  write('slow.json', 1.3, 3);
}

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('loadgate compare (CLI)', () => {
  it('exit 0 for the same build, printing the report', async () => {
    const cwd = makeWorkDir();
    writeRuns(cwd);
    const run = await runCli(['compare', '--current', 'same.json', '--baseline', 'base.json'], {
      cwd,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^### ✅ loadgate: pass — engine-test/);
  });

  it('exit 1 for a slower build, writing the markdown and the verdict JSON', async () => {
    const cwd = makeWorkDir();
    writeRuns(cwd);
    const run = await runCli(
      [
        'compare',
        '--current',
        'slow.json',
        '--baseline',
        'base.json',
        '--markdown',
        'out/report.md',
        '--json',
        'out/verdict.json',
      ],
      { cwd },
    );
    expect(run.code).toBe(1);
    const verdict = JSON.parse(readFileSync(join(cwd, 'out/verdict.json'), 'utf8'));
    expect(verdict.level).toBe('fail');
    expect(verdict.reasons[0]).toMatch(/^p95 \+/);
    expect(run.stdout).toContain(readFileSync(join(cwd, 'out/report.md'), 'utf8').trim());
    expect(readFileSync(join(cwd, 'out/report.md'), 'utf8')).toContain('Baseline: commit sha1');
  });

  it('exit 2 with every bad input named: missing, corrupt and wrong-version files', async () => {
    const cwd = makeWorkDir();
    writeFileSync(join(cwd, 'corrupt.json'), '{"schemaVersion": 1, "tool": ');
    writeFileSync(join(cwd, 'future.json'), JSON.stringify({ schemaVersion: 2 }));
    const corrupt = await runCli(
      ['compare', '--current', 'corrupt.json', '--baseline', 'nope.json'],
      { cwd },
    );
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toMatch(/--current corrupt\.json: is not valid JSON/);
    expect(corrupt.stderr).toMatch(/--baseline: cannot read nope\.json: no such file/);
    expect(corrupt.stderr).not.toMatch(/\n\s+at /);
    const future = await runCli(['compare', '--current', 'future.json'], { cwd });
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(
      /schemaVersion 2, newer than this loadgate reads \(1\): upgrade loadgate/,
    );
    const missing = await runCli(['compare'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--current: required/);
  });

  it('loadgate run --baseline gates in one go: exit 1 when the target got slower', async () => {
    const cwd = makeWorkDir();
    // p50 with an explicit rule: a busy CI machine inflates tails a lot but medians little, and
    // the step from 5 to 50 ms stands far above either.
    writeFileSync(
      join(cwd, 'p.yml'),
      'name: gate\nbaseUrl: http://127.0.0.1:9\nscenarios: [{ name: root, path: / }]\nload: { executor: constant-arrival-rate, rate: 100, duration: 6s, warmup: 1s }\nregressions:\n  p50: { fail: 50%, floor: 10ms }\n',
    );
    server = await startTargetServer({ latencyMs: () => 5 });
    const args = (out: string) => ['run', 'p.yml', '--target', server?.url ?? '', '--out', out];
    const base = await runCli(args('base.json'), { cwd });
    expect(base.code).toBe(0);
    await server.close();
    server = await startTargetServer({ latencyMs: () => 50 });
    const slow = await runCli(
      [...args('slow.json'), '--baseline', 'base.json', '--markdown', 'r.md'],
      { cwd },
    );
    expect(slow.code).toBe(1);
    expect(slow.stdout).toMatch(/verdict: ❌ FAIL/);
    expect(readFileSync(join(cwd, 'r.md'), 'utf8')).toMatch(/^### ❌ loadgate: fail/);
  }, 30_000);
});
