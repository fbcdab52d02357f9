import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

let servers: TargetServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function startTarget(): Promise<TargetServer> {
  const server = await startTargetServer({ latencyMs: () => 2 });
  servers.push(server);
  return server;
}

describe('loadgate run --baseline-target (CLI)', () => {
  it('writes both results files and reports the run as measured side by side', async () => {
    const [main, pr] = [await startTarget(), await startTarget()];
    const cwd = makeWorkDir();
    const run = await runCli(
      [
        'run',
        '--target',
        `${pr.url}/health`,
        '--baseline-target',
        main.url,
        '--rate',
        '200',
        '--duration',
        '2s',
        '--out',
        'out/r.json',
        '--markdown',
        'report.md',
      ],
      { cwd },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('results: out/r.json');
    expect(run.stdout).toContain('baseline target results: out/r-baseline.json');

    const target = JSON.parse(readFileSync(join(cwd, 'out/r.json'), 'utf8'));
    const baseline = JSON.parse(readFileSync(join(cwd, 'out/r-baseline.json'), 'utf8'));
    expect(target.target).toBe(pr.url);
    expect(baseline.target).toBe(main.url);
    expect(target.sideBySide).toEqual({ side: 'target', otherTarget: main.url });
    expect(baseline.sideBySide).toEqual({ side: 'baseline', otherTarget: pr.url });
    expect(baseline.startedAt).toBe(target.startedAt);
    // Each file plans its own half: no "only half of the planned requests were sent".
    expect(target.load.plannedRequests + baseline.load.plannedRequests).toBe(400);
    expect(target.warnings ?? []).toEqual([]);
    expect(run.stdout).not.toContain('planned requests were sent');
    // One schedule of 400 arrivals (warm-up included), alternating: half each.
    expect(Math.abs(main.requestCount() - pr.requestCount())).toBeLessThanOrEqual(1);
    expect(target.totals.requests + baseline.totals.requests).toBe(400);
    expect(main.requests.every((r) => r.path === '/health')).toBe(true);

    const report = readFileSync(join(cwd, 'report.md'), 'utf8');
    expect(report).toMatch(
      /measured side by side against `http:\/\/127\.0\.0\.1:\d+` \(paired over \d+ windows?; changes are the median ratio of paired windows\)/,
    );
    expect(report).toContain('measured in the same run');

    // The two files pair again when judged later.
    const compared = await runCli(
      [
        'compare',
        '--current',
        'out/r.json',
        '--baseline',
        'out/r-baseline.json',
        '--markdown',
        'again.md',
      ],
      { cwd },
    );
    expect(compared.code).toBe(0);
    expect(readFileSync(join(cwd, 'again.md'), 'utf8')).toContain('measured side by side against');
  });

  it('refuses a bad --baseline-target before any load, exit 2, naming the flag', async () => {
    const pr = await startTarget();
    const cwd = makeWorkDir();
    const runWith = (...extra: string[]) =>
      runCli(['run', '--target', pr.url, '--rate', '10', '--duration', '1s', ...extra], { cwd });

    const notUrl = await runWith('--baseline-target', 'ftp://main.example.com');
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toMatch(/--baseline-target: expected an http\(s\) URL/);

    const same = await runWith('--baseline-target', `${pr.url}/`);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/--baseline-target: expected another deployment than --target/);

    const otherScheme = await runWith('--baseline-target', 'https://127.0.0.1:9');
    expect(otherScheme.code).toBe(2);
    expect(otherScheme.stderr).toMatch(
      /--baseline-target: expected an http:\/\/ URL like --target/,
    );

    const credentials = await runWith('--baseline-target', 'http://user:hunter2@127.0.0.1:9');
    expect(credentials.code).toBe(2);
    expect(credentials.stderr).toMatch(/--baseline-target: expected a URL without credentials/);
    expect(credentials.stderr).not.toContain('hunter2');

    const twoBaselines = await runWith(
      '--baseline-target',
      'http://127.0.0.1:9',
      '--baseline',
      'missing.json',
    );
    expect(twoBaselines.code).toBe(2);
    expect(twoBaselines.stderr).toMatch(/--baseline: cannot be combined with --baseline-target/);

    for (const run of [notUrl, same, otherScheme, credentials, twoBaselines]) {
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(pr.requestCount()).toBe(0);
  });
});
