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

/** A profile whose p50 threshold always fails: a judged run exits 1, a shard 0. */
function writeProfile(cwd: string, url: string): string {
  writeFileSync(
    join(cwd, 'p.yml'),
    `name: sharded
baseUrl: ${url}
scenarios: [{ name: a, path: /a, weight: 2 }, { name: b, path: /b }]
load: { executor: constant-arrival-rate, rate: 40, duration: 1s, warmup: 0s, connections: 2 }
thresholds: { p50: 0.001ms }
`,
  );
  return 'p.yml';
}

describe('loadgate run --shard (CLI)', () => {
  it('two shards started together: each writes its share, unjudged (exit 0), to merge', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, server.url);
    const startAt = new Date(Date.now() + 5000).toISOString();
    const runs = await Promise.all(
      [1, 2].map((i) =>
        runCli(
          ['run', profile, '--shard', `${i}/2`, '--start-at', startAt, '--out', `s${i}.json`],
          { cwd },
        ),
      ),
    );
    const results = [1, 2].map((i) => JSON.parse(readFileSync(join(cwd, `s${i}.json`), 'utf8')));
    runs.forEach((run, n) => {
      const i = n + 1;
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        new RegExp(`shard ${i}/2: waiting \\d+\\.\\d s for --start-at ${startAt}`),
      );
      expect(run.stdout).toContain(`shard ${i} of 2 · start skew +`);
      expect(run.stdout).toContain(
        `shard ${i}/2 written to s${i}.json: merge all 2 with loadgate merge, then judge the merged results`,
      );
      expect(run.stdout).not.toContain('verdict:');
    });
    expect(results.map((r) => r.shard.index)).toEqual([1, 2]);
    for (const result of results) {
      expect(result.shard.count).toBe(2);
      expect(result.shard.startAtEpochMs).toBe(Date.parse(startAt));
      expect(Math.abs(result.shard.startSkewMs)).toBeLessThan(100);
    }
    expect(results[0].profile.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(results[1].profile.hash).toBe(results[0].profile.hash);
    // 40 arrivals in the window: 20 each, all sent.
    expect(results.map((r) => r.load.plannedRequests)).toEqual([20, 20]);
    expect(results.map((r) => r.totals.requests)).toEqual([20, 20]);
    expect(server.requestCount()).toBe(40);
  });

  it('bad --shard and --start-at are exit 2 naming each flag and its form, before any load', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, server.url);
    const run = await runCli(
      ['run', profile, '--shard', '5/4', '--start-at', '2026-03-01T12:00:00'],
      { cwd },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--shard: expected i/N like 2/4 (shard i of N, 1 ≤ i ≤ N ≤ 1000), got "5/4"',
    );
    expect(run.stderr).toContain(
      '--start-at: expected an ISO 8601 time with a zone like 2026-03-01T12:00:00Z',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(server.requestCount()).toBe(0);
  });

  it('a shard refuses the outputs that need a verdict (exit 2), before any load', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, server.url);
    const run = await runCli(
      ['run', profile, '--shard', '1/2', '--markdown', 'r.md', '--json', 'v.json'],
      { cwd },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /--markdown: needs a verdict, and a shard \(--shard\) is never judged/,
    );
    expect(run.stderr).toMatch(/--json: needs a verdict/);
    expect(server.requestCount()).toBe(0);
  });
});
