import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { readResultsFile } from '../../src/core/result/read-results-file.js';
import type { ResultsFileV1 } from '../../src/core/result/types.js';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';
import { type StripedRun, simulateShards } from '../helpers/synthetic-shards.js';
import {
  type ReceivedRequest,
  startTargetServer,
  type TargetServer,
} from '../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const RUN: StripedRun = {
  scenarios: [
    { name: 'a', weight: 2, medianMs: 5 },
    { name: 'b', weight: 1, medianMs: 8 },
  ],
  ratePerSec: 100,
  durationMs: 4000,
  seed: 5,
};

function writeShards(cwd: string, count: number, prefix = 'shard'): string[] {
  return simulateShards(RUN, count).map((result, i) => {
    const name = `${prefix}-${i + 1}.json`;
    writeFileSync(join(cwd, name), JSON.stringify(result));
    return name;
  });
}

function readResults(cwd: string, name: string): ResultsFileV1 {
  const read = readResultsFile(readFileSync(join(cwd, name), 'utf8'), name);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return read.result;
}

describe('loadgate merge (CLI)', () => {
  it('merges shard files into one results file and judges it (exit 0), which compare reads', async () => {
    const cwd = makeWorkDir();
    const shards = writeShards(cwd, 3);
    const run = await runCli(['merge', ...shards, '--out', 'merged.json', '--json', 'v.json'], {
      cwd,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'merged 3 shards into merged.json: 400 requests in 4.0 s (100 req/s)',
    );
    expect(run.stdout).toMatch(/### ✅ loadgate: pass/);
    const merged = readResults(cwd, 'merged.json');
    expect(merged.merged).toEqual({ shards: 3 });
    expect(JSON.parse(readFileSync(join(cwd, 'v.json'), 'utf8')).level).toBe('pass');
    const compared = await runCli(['compare', '--current', 'merged.json'], { cwd });
    expect(compared.code).toBe(0);
  });

  it('exit 1 when the merged result fails the profile’s thresholds', async () => {
    const cwd = makeWorkDir();
    const shards = writeShards(cwd, 2);
    writeFileSync(
      join(cwd, 'p.yml'),
      'name: p\nbaseUrl: http://127.0.0.1:9\nscenarios: [{ name: a, path: /a }, { name: b, path: /b }]\nload: { executor: constant-arrival-rate, rate: 100, duration: 4s }\nthresholds: { p50: 1ms }\n',
    );
    const run = await runCli(
      ['merge', ...shards, '--profile', 'p.yml', '--out', 'm.json', '--markdown', 'r.md'],
      { cwd },
    );
    expect(run.code).toBe(1);
    expect(readFileSync(join(cwd, 'r.md'), 'utf8')).toMatch(/❌ loadgate: fail/);
    expect(existsSync(join(cwd, 'm.json'))).toBe(true);
  });

  it('exit 2 on a mixed set, naming each problem and file, writing nothing', async () => {
    const cwd = makeWorkDir();
    const [two] = writeShards(cwd, 2, 'two');
    const [, , threeOfThree] = writeShards(cwd, 3, 'three');
    const run = await runCli(['merge', two as string, threeOfThree as string, 'gone.json'], {
      cwd,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('FILE: cannot read gone.json');
    expect(existsSync(join(cwd, 'loadgate-results.json'))).toBe(false);
    const mixed = await runCli(['merge', two as string, threeOfThree as string], { cwd });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain(
      "three-3.json shard.count: is 3, but two-1.json's is 2: shards of one run are all of the same N (--shard i/N)",
    );
    expect(mixed.stderr).toContain('shards: shard 2 of 2 is missing');
    expect(mixed.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, 'loadgate-results.json'))).toBe(false);
    const none = await runCli(['merge', '--out', 'm.json'], { cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("FILE: required: the shards' results files");
    const overwrite = await runCli(['merge', two as string, '--out', `./${two}`], { cwd });
    expect(overwrite.code).toBe(2);
    expect(overwrite.stderr).toContain(`--out: ./${two} is also the shard file ${two}`);
  });
});

/** Requests per 100 ms from `fromMs` (performance clock) over `bins` bins. */
function binArrivals(requests: readonly ReceivedRequest[], fromMs: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const r of requests) {
    const bin = Math.floor((r.atMs - fromMs) / 100);
    if (bin >= 0 && bin < bins) counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts;
}

describe('loadgate merge of real shards against one process at the whole rate', () => {
  it('two shards at R/2 started together merge to the single process’s counts, as evenly spread', {
    timeout: 120_000,
  }, async () => {
    server = await startTargetServer();
    const target = server;
    const cwd = makeWorkDir();
    const rate = 200;
    const durationSec = 3;
    writeFileSync(
      join(cwd, 'p.yml'),
      `name: proof
baseUrl: ${target.url}
scenarios: [{ name: a, path: /a, weight: 3 }, { name: b, path: /b }]
load: { executor: constant-arrival-rate, rate: ${rate}, duration: ${durationSec}s, warmup: 0s, connections: 4 }
`,
    );
    /** Runs `args` in `processes` at one --start-at; returns that start on this clock. */
    const runTogether = async (argsOf: (startAt: string) => string[][]) => {
      const startAtEpochMs = Date.now() + 8000;
      const startAt = new Date(startAtEpochMs).toISOString();
      const runs = await Promise.all(argsOf(startAt).map((args) => runCli(args, { cwd })));
      for (const run of runs) expect(run.stderr).toBe('');
      return startAtEpochMs - performance.timeOrigin;
    };
    const before = target.requestCount();
    const shardsFrom = await runTogether((at) =>
      [1, 2].map((i) => [
        'run',
        'p.yml',
        '--shard',
        `${i}/2`,
        '--start-at',
        at,
        '--out',
        `s${i}.json`,
      ]),
    );
    const shardArrivals = target.requests.slice(before);
    const singleFrom = await runTogether((at) => [
      ['run', 'p.yml', '--start-at', at, '--out', 'single.json'],
    ]);
    const singleArrivals = target.requests.slice(before + shardArrivals.length);

    const merged = await runCli(['merge', 's1.json', 's2.json', '--out', 'merged.json'], { cwd });
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    const m = readResults(cwd, 'merged.json');
    const single = readResults(cwd, 'single.json');
    const planned = rate * durationSec;
    // Counts exact: each shard sent its half, together the plan, as the single process did.
    expect([m.totals.requests, m.load.plannedRequests, single.totals.requests]).toEqual([
      planned,
      planned,
      planned,
    ]);
    expect(shardArrivals).toHaveLength(planned);
    expect(singleArrivals).toHaveLength(planned);
    expect(m.merged?.shards).toBe(2);
    expect(m.merged?.maxStartSkewMs).toBeLessThan(1000);
    expect(m.scenarios.map((s) => s.totals.requests)).toEqual(
      single.scenarios.map((s) => s.totals.requests),
    );
    expect(m.timeline.reduce((n, p) => n + p.sent, 0)).toBe(planned);

    // Interleaved, not in bursts: per 100 ms the target got the rate's tenth from the two
    // shards together as from one process (the median bin is exact; a loaded machine can stall
    // either run for a moment, so the share of exact-ish bins is compared, not every bin).
    const bins = durationSec * 10;
    const shardBins = binArrivals(shardArrivals, shardsFrom, bins);
    const singleBins = binArrivals(singleArrivals, singleFrom, bins);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
    const even = (values: number[]) => values.filter((v) => Math.abs(v - rate / 10) <= 2).length;
    expect(median(shardBins)).toBe(rate / 10);
    expect(median(singleBins)).toBe(rate / 10);
    expect(even(shardBins)).toBeGreaterThanOrEqual(even(singleBins) - bins / 4);

    // Latency merged exactly from the shards' histograms: of the single process's order.
    expect(m.latencyMs.p50).toBeLessThan(
      Math.max(3 * single.latencyMs.p50, single.latencyMs.p50 + 5),
    );
    expect(m.latencyMs.p50).toBeGreaterThan(single.latencyMs.p50 / 3);
  });
});
