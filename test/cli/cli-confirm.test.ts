/**
 * `loadgate run --baseline FILE --confirm=N` against a real loopback target: a regressed
 * scenario is measured again N times (and only it), and the report states how long that took.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * `fast` (3/4 of the load) and `slow` (1/4), 60/s for 6 s: six one-second windows per scenario,
 * enough for the rank test; a p50 rule per scenario that a 2 ms → 30 ms slowdown breaks (none on
 * the whole run, which a busy machine could slow by more than the floor: that would re-measure
 * the whole profile).
 */
function writeProfile(cwd: string, url: string): string {
  writeFileSync(
    join(cwd, 'p.yml'),
    `name: cli confirm
baseUrl: ${url}
scenarios:
  - { name: fast, path: /fast, weight: 3 }
  - { name: slow, path: /slow, weight: 1 }
load: { executor: constant-arrival-rate, rate: 60/s, duration: 6s, warmup: 0s }
regressions:
  scenarios:
    fast: { p50: { fail: 50%, floor: 5ms } }
    slow: { p50: { fail: 50%, floor: 5ms } }
`,
  );
  return 'p.yml';
}

type Counted = { name: string; totals: { requests: number } };

function requestsOf(cwd: string, file: string, scenario: string): number {
  const results = JSON.parse(readFileSync(join(cwd, file), 'utf8')) as { scenarios: Counted[] };
  return results.scenarios.find((s) => s.name === scenario)?.totals.requests ?? 0;
}

describe('loadgate run --baseline --confirm=N (CLI, loopback)', { timeout: 120_000 }, () => {
  it('re-measures only the regressed scenario N times, fails as it fails every time, and states the time', async () => {
    const slowMs = { value: 2 };
    server = await startTargetServer({
      latencyMs: (_index, req) => (req.path === '/slow' ? slowMs.value : 2),
    });
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, server.url);
    const base = await runCli(['run', profile, '--out', 'base.json'], { cwd });
    expect(base.code, base.stderr).toBe(0);

    slowMs.value = 30;
    const before = server.requests.length;
    const run = await runCli(
      [
        'run',
        profile,
        '--baseline',
        'base.json',
        '--confirm=2',
        '--out',
        'r.json',
        '--markdown',
        'r.md',
      ],
      { cwd },
    );
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    const seen = server.requests.slice(before);
    const seenOn = (path: string) => seen.filter((r) => r.path === path).length;

    // The first measurement ran both; each re-measure ran `slow` alone, at its share of the rate
    // (15/s for 6 s), so the target saw `fast` once and `slow` three times.
    const again = [
      requestsOf(cwd, 'r-confirmation.json', 'slow'),
      requestsOf(cwd, 'r-confirmation-2.json', 'slow'),
    ];
    for (const n of again) expect(n).toBeGreaterThanOrEqual(85);
    expect(requestsOf(cwd, 'r-confirmation.json', 'fast')).toBe(0);
    expect(seenOn('/fast')).toBe(requestsOf(cwd, 'r.json', 'fast'));
    const remeasured = again.reduce((sum, n) => sum + n, 0);
    expect(seenOn('/slow')).toBe(requestsOf(cwd, 'r.json', 'slow') + remeasured);
    expect(run.stdout).toContain(
      'regression: re-measuring scenario slow (1 of up to 2, 6.0 s) to confirm it before it fails',
    );
    expect(run.stdout).toContain('(2 of up to 2, 6.0 s)');

    const report = readFileSync(join(cwd, 'r.md'), 'utf8');
    const stated = /🔁 re-measured 2× \((\d+\.\d) s\): 1 regression confirmed/.exec(report);
    expect(stated, report).not.toBeNull();
    // Two 6-second measurements, plus connecting and judging: the time is measured, not planned.
    expect(Number(stated?.[1])).toBeGreaterThanOrEqual(12);
    expect(Number(stated?.[1])).toBeLessThan(60);
    expect(report).toMatch(/slow: p50 .*confirmed on re-measuring 2×/);
  });
});
