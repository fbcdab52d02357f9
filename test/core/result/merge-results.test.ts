import { describe, expect, it } from 'vitest';
import { checkResultsContent } from '../../../src/core/result/check-results-content.js';
import { type MergeInput, mergeResults } from '../../../src/core/result/merge-results.js';
import { readResultsFile } from '../../../src/core/result/read-results-file.js';
import { serializeResults } from '../../../src/core/result/serialize-results.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import type { LatencySummaryMs, TimelinePoint } from '../../../src/core/stats/figures.js';
import { decodeHistogram, encodeHistogram } from '../../../src/core/stats/histogram.js';
import {
  SHARED_HASH,
  type StripedRun,
  simulateShards,
  simulateWhole,
} from '../../helpers/synthetic-shards.js';

const RUN: StripedRun = {
  scenarios: [
    { name: 'list', weight: 3, medianMs: 8, errorRate: 0.02, category: 'normal' },
    { name: 'search', weight: 2, medianMs: 30, timeoutRate: 0.01, category: 'normal' },
    { name: 'waf probe', weight: 1, medianMs: 3, category: 'security', blocking: true },
  ],
  ratePerSec: 300,
  durationMs: 6000,
  seed: 42,
};

const named = (results: readonly ResultsFileV1[]): MergeInput[] =>
  results.map((result, i) => ({ name: `shard-${i + 1}.json`, result }));

function merge(results: readonly ResultsFileV1[]): ResultsFileV1 {
  const outcome = mergeResults(named(results));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome.result;
}

function refusal(inputs: readonly MergeInput[]): string[] {
  const outcome = mergeResults(inputs);
  if (outcome.ok) throw new Error('expected the set to be refused');
  return outcome.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

const PERCENTILES = [
  0, 1, 5, 10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 95, 97.5, 99, 99.5, 99.9, 99.99, 100,
];

/**
 * What a decoded histogram holds, bucket by bucket: its count, mean, value at many percentiles
 * and its whole percentile distribution (the footer's tracked max is left out: a decoded
 * histogram derives it from a bucket's lower or upper edge depending on how it was built).
 */
function profileOf(encoded: string) {
  const histogram = decodeHistogram(encoded);
  try {
    return {
      totalCount: histogram.totalCount,
      mean: histogram.mean,
      at: PERCENTILES.map((q) => histogram.getValueAtPercentile(q)),
      distribution: histogram
        .outputPercentileDistribution()
        .split('\n')
        .filter((line) => !line.startsWith('#[Max')),
    };
  } finally {
    histogram.destroy();
  }
}

/** The histogram of all these encodings recorded as one: each decoded and its values added. */
function bucketSum(encoded: readonly string[]): string {
  const [first, ...rest] = encoded.map(decodeHistogram);
  if (first === undefined) throw new Error('no histograms');
  for (const part of rest) {
    first.add(part);
    part.destroy();
  }
  const text = encodeHistogram(first);
  first.destroy();
  return text;
}

/** A summary without `min`, which only a live histogram knows exactly (see below). */
function withoutMin({ min: _, ...rest }: LatencySummaryMs) {
  return rest;
}

function countsOf(point: TimelinePoint) {
  const { requests, sent, ok, blocked, failed, errors, dropped } = point;
  return { requests, sent, ok, blocked, failed, errors, dropped };
}

describe('mergeResults: the N stripes of one schedule merged are the single process', () => {
  const whole = simulateWhole(RUN);
  const shards = simulateShards(RUN, 3);
  const merged = merge(shards);

  it('has exactly the single run’s counters, overall and per scenario', () => {
    expect(merged.totals).toEqual(whole.totals);
    expect(merged.statusCodes).toEqual(whole.statusCodes);
    expect(merged.errorKinds).toEqual(whole.errorKinds);
    expect(merged.failureKinds).toEqual(whole.failureKinds);
    expect(merged.load.plannedRequests).toBe(whole.load.plannedRequests);
    merged.scenarios.forEach((s, i) => {
      const w = whole.scenarios[i] as ResultsFileV1['scenarios'][number];
      expect({ name: s.name, totals: s.totals, statusCodes: s.statusCodes }).toEqual({
        name: w.name,
        totals: w.totals,
        statusCodes: w.statusCodes,
      });
      expect([s.errorRate, s.blockRate, s.throughput]).toEqual([
        w.errorRate,
        w.blockRate,
        w.throughput,
      ]);
    });
    // Sanity: the shards really split the load (no shard holds it all).
    for (const shard of shards)
      expect(shard.totals.requests).toBeLessThan(whole.totals.requests / 2);
    expect(merged.totals.errors).toBeGreaterThan(0);
    expect(merged.totals.blocked).toBeGreaterThan(0);
  });

  it('merges every histogram exactly: the merged one reads as the bucket-wise sum of the shards’', () => {
    for (const key of ['latency', 'serviceTime', 'sendLag'] as const) {
      const sum = bucketSum(shards.map((s) => s.histograms[key]));
      expect(profileOf(merged.histograms[key])).toEqual(profileOf(sum));
      // …and as the single process that recorded every value itself.
      expect(profileOf(merged.histograms[key])).toEqual(profileOf(whole.histograms[key]));
    }
    expect(profileOf(merged.histograms.latency).totalCount).toBe(
      merged.totals.ok + merged.totals.blocked + merged.totals.failed,
    );
    expect(merged.histogram).toBe(merged.histograms.latency);
    expect(withoutMin(merged.latencyMs)).toEqual(withoutMin(whole.latencyMs));
    expect(withoutMin(merged.serviceTimeMs)).toEqual(withoutMin(whole.serviceTimeMs));
    expect(merged.sendLagMs).toEqual(whole.sendLagMs);
    merged.scenarios.forEach((s, i) => {
      const w = whole.scenarios[i] as ResultsFileV1['scenarios'][number];
      expect(profileOf(s.histograms.latency)).toEqual(profileOf(w.histograms.latency));
      expect(withoutMin(s.latencyMs)).toEqual(withoutMin(w.latencyMs));
      // A live histogram knows its exact minimum, a decoded one the bucket's: 3 digits apart.
      expect(Math.abs(s.latencyMs.min - w.latencyMs.min)).toBeLessThanOrEqual(
        w.latencyMs.min * 1e-3 + 1e-3,
      );
    });
  });

  it('merges each timeline second exactly (run and scenarios)', () => {
    expect(merged.timeline.map(countsOf)).toEqual(whole.timeline.map(countsOf));
    merged.timeline.forEach((point, i) => {
      const w = whole.timeline[i] as TimelinePoint;
      expect(point.t).toBe(w.t);
      expect([point.p50, point.p90, point.p95, point.p99, point.max, point.mean]).toEqual([
        w.p50,
        w.p90,
        w.p95,
        w.p99,
        w.max,
        w.mean,
      ]);
      expect(profileOf(point.histogram)).toEqual(profileOf(w.histogram));
    });
    merged.scenarios.forEach((s, i) => {
      expect(s.timeline.map(countsOf)).toEqual(whole.scenarios[i]?.timeline.map(countsOf));
    });
  });

  it('rolls the categories up again from the merged scenarios', () => {
    expect(merged.categories).toEqual(whole.categories);
    expect(merged.categories?.find((c) => c.name === 'security')?.expectsBlocking).toBe(true);
  });

  it('says what it merged, drops the shard, sums the load the shards sent together', () => {
    expect(merged.merged).toEqual({ shards: 3 });
    expect(merged.shard).toBeUndefined();
    expect(merged.profile).toEqual({ name: whole.profile.name, hash: SHARED_HASH });
    expect(merged.load.connections).toBe(3 * whole.load.connections);
    expect(merged.load.maxInFlight).toBe(3 * whole.load.maxInFlight);
    expect(merged.load.peakRatePerSec).toBe(whole.load.peakRatePerSec);
    expect(merged.status).toBe('completed');
    expect(merged.warnings).toBeUndefined();
  });

  it('writes a file every reader accepts (round trip through serialize and readResultsFile)', () => {
    expect(checkResultsContent(merged)).toEqual([]);
    const text = [...serializeResults(merged)].join('');
    const read = readResultsFile(text, 'merged.json');
    expect(read.ok ? [] : read.issues).toEqual([]);
    if (read.ok) expect(read.result).toEqual(JSON.parse(JSON.stringify(merged)));
  });

  it('does not depend on the order the files are given in', () => {
    const reversed = merge([...shards].reverse());
    expect(reversed).toEqual(merged);
  });
});

describe('mergeResults: the union window', () => {
  const shards = simulateShards(RUN, 3, { startOffsetsMs: [0, 250, 1200] });
  const merged = merge(shards);

  it('runs from the earliest start to the latest end, and rates are requests over it', () => {
    expect(merged.startedAt).toBe(shards[0]?.startedAt);
    expect(merged.durationMs).toBe(RUN.durationMs + 1200);
    const seconds = merged.durationMs / 1000;
    expect(merged.throughput.rps).toBe(
      Math.round((merged.totals.requests / seconds) * 1000) / 1000,
    );
    const sumOfShardRates = shards.reduce((n, s) => n + s.throughput.rps, 0);
    expect(merged.throughput.rps).toBeLessThan(sumOfShardRates - 1);
    expect(merged.scenarios[0]?.throughput.rps).toBe(
      Math.round(((merged.scenarios[0]?.totals.requests ?? 0) / seconds) * 1000) / 1000,
    );
  });

  it('places each shard’s seconds by its start, rounded to whole seconds, with no gap', () => {
    const [a, b, c] = shards as [ResultsFileV1, ResultsFileV1, ResultsFileV1];
    // 250 ms rounds to 0 s, 1200 ms to 1 s.
    const at = (r: ResultsFileV1, t: number) => r.timeline.find((p) => p.t === t)?.requests ?? 0;
    expect(merged.timeline[0]?.requests).toBe(at(a, 0) + at(b, 0));
    expect(merged.timeline[3]?.requests).toBe(at(a, 3) + at(b, 3) + at(c, 2));
    const last = Math.max(a.timeline.length, b.timeline.length, c.timeline.length + 1);
    expect(merged.timeline.map((p) => p.t)).toEqual(Array.from({ length: last }, (_, t) => t));
    const total = (points: readonly TimelinePoint[]) => points.reduce((n, p) => n + p.requests, 0);
    expect(total(merged.timeline)).toBe(merged.totals.requests);
    expect(total(merged.timeline)).toBe(shards.reduce((n, s) => n + total(s.timeline), 0));
    expect(checkResultsContent(merged)).toEqual([]);
  });

  it('warns when the shards began apart without --start-at', () => {
    expect(merged.warnings).toEqual([
      "The shards' measured windows began up to 1.2 s apart (no --start-at): the target got the whole profile's rate only while all of them ran. Give every shard the same --start-at.",
    ]);
  });

  it('fills seconds no shard covers with empty points (shards far apart)', () => {
    const far = merge(simulateShards(RUN, 2, { startOffsetsMs: [0, 9000] }));
    expect(far.timeline.map((p) => p.t)).toEqual(
      Array.from({ length: far.timeline.length }, (_, t) => t),
    );
    const gap = far.timeline.slice(7, 9);
    expect(gap.map(countsOf)).toEqual(
      gap.map(() =>
        countsOf({
          ...gap[0],
          requests: 0,
          sent: 0,
          ok: 0,
          blocked: 0,
          failed: 0,
          errors: 0,
          dropped: 0,
        } as TimelinePoint),
      ),
    );
    expect(gap.every((p) => p.histogram === '')).toBe(true);
    expect(checkResultsContent(far)).toEqual([]);
  });
});

describe('mergeResults: folded timelines (widthSec windows of a long run)', () => {
  /** A point covering [t, t + widthSec) holding `requests` errors (no histogram needed). */
  const point = (t: number, widthSec: number, requests: number): TimelinePoint => ({
    t,
    ...(widthSec === 1 ? {} : { widthSec }),
    requests,
    sent: requests,
    ok: 0,
    blocked: 0,
    failed: 0,
    errors: requests,
    dropped: 0,
    p50: 0,
    p90: 0,
    p95: 0,
    p99: 0,
    max: 0,
    mean: 0,
    histogram: '',
  });
  const folded = [point(0, 1, 1), point(1, 10, 10), point(11, 1, 100)];

  it('merges windows that line up point by point, keeping their width', () => {
    const shards = simulateShards(RUN, 2).map((s) => ({ ...s, timeline: folded }));
    expect(merge(shards).timeline.map((p) => [p.t, p.widthSec ?? 1, p.requests])).toEqual([
      [0, 1, 2],
      [1, 10, 20],
      [11, 1, 200],
    ]);
  });

  it('puts a later shard’s window into the window it starts in, counts kept, no overlap', () => {
    const shards = simulateShards(RUN, 2, { startOffsetsMs: [0, 1000] }).map((s) => ({
      ...s,
      timeline: folded,
    }));
    // Shard 2 lands 1 s later: its t=0 second on t=1 (inside shard 1's window 1–10), its window
    // 2–11 inside that window too, its t=11 second past shard 1's end, on t=12.
    expect(merge(shards).timeline.map((p) => [p.t, p.widthSec ?? 1, p.requests])).toEqual([
      [0, 1, 1],
      [1, 10, 21],
      [11, 1, 100],
      [12, 1, 100],
    ]);
  });
});

describe('mergeResults: status, reasons, warnings, start skew, journeys and setup', () => {
  it('keeps the worst status and every abort reason with its shard', () => {
    const shards = simulateShards(RUN, 3);
    const a = { ...(shards[1] as ResultsFileV1), status: 'interrupted' as const };
    const b = {
      ...(shards[2] as ResultsFileV1),
      status: 'aborted' as const,
      abortReason: 'target unreachable (refused)',
    };
    const merged = merge([shards[0] as ResultsFileV1, a, b]);
    expect(merged.status).toBe('aborted');
    expect(merged.abortReason).toBe('shard 3: target unreachable (refused)');
    expect(merge([shards[0] as ResultsFileV1, a, shards[2] as ResultsFileV1]).status).toBe(
      'interrupted',
    );
  });

  it('keeps a warning every shard gave once, and prefixes the others with their shards', () => {
    const shards = simulateShards(RUN, 3).map((s, i) => ({
      ...s,
      warnings: [
        'data users.csv wrapped',
        ...(i === 1 ? ['only mine'] : []),
        ...(i > 0 ? ['two of us'] : []),
      ],
    }));
    expect(merge(shards).warnings).toEqual([
      'data users.csv wrapped',
      'shard 2: only mine',
      'shards 2, 3: two of us',
    ]);
  });

  it('records the largest start skew (absolute) when the shards waited for --start-at', () => {
    const shards = simulateShards(RUN, 3, {
      startAtEpochMs: Date.UTC(2026, 10, 22, 12),
      skewsMs: [3.5, -140.25, 12],
      startOffsetsMs: [0, 0, 0],
    });
    const merged = merge(shards);
    expect(merged.merged).toEqual({ shards: 3, maxStartSkewMs: 140.25 });
    expect(merged.warnings).toBeUndefined();
  });

  it('merges journeys by name and sums setup runs', () => {
    const shards = simulateShards(RUN, 2).map((s) => {
      const {
        name: _,
        timeline: __,
        category: ___,
        method: ____,
        path: _____,
        weight: ______,
        ...figures
      } = s.scenarios[0] as ResultsFileV1['scenarios'][number];
      return {
        ...s,
        scenarios: s.scenarios.map((row) =>
          row.name === 'list' ? { ...row, journey: 'browse' } : row,
        ),
        journeys: [{ name: 'browse', weight: 1, steps: ['list'], ...figures }],
        setup: { perVu: false, measured: false, runs: 1, failed: 0 },
      };
    });
    const merged = merge(shards);
    const journey = merged.journeys?.[0];
    expect(journey?.name).toBe('browse');
    expect(journey?.totals).toEqual(merged.scenarios[0]?.totals);
    expect(profileOf(journey?.histograms.latency ?? '')).toEqual(
      profileOf(merged.scenarios[0]?.histograms.latency ?? ''),
    );
    expect(merged.setup).toEqual({ perVu: false, measured: false, runs: 2, failed: 0 });
    expect(checkResultsContent(merged)).toEqual([]);
  });

  it('sums failed per-VU log-ins and keeps the first failure of the lowest shard that had one', () => {
    const failures = [undefined, 'shard 2 got 503', 'shard 3 got 401'];
    const shards = simulateShards(RUN, 3).map((s, i) => ({
      ...s,
      setup: {
        perVu: true,
        measured: false,
        runs: 4,
        failed: i,
        ...(failures[i] === undefined ? {} : { firstFailure: failures[i] }),
      },
    }));
    // Given in any order: shard 2's is the first.
    const merged = merge([shards[2], shards[0], shards[1]] as ResultsFileV1[]);
    expect(merged.setup).toEqual({
      perVu: true,
      measured: false,
      runs: 12,
      failed: 3,
      firstFailure: 'shard 2 got 503',
    });
    expect(merged.warnings).toBeUndefined();
  });
});

describe('mergeResults: refuses a mixed set, every problem at once, naming the files', () => {
  const shards = simulateShards(RUN, 4);
  const [s1, s2, s3, s4] = shards as [ResultsFileV1, ResultsFileV1, ResultsFileV1, ResultsFileV1];

  it('a shard missing and one given twice', () => {
    expect(
      refusal([
        { name: 'a.json', result: s1 },
        { name: 'b.json', result: s2 },
        { name: 'c.json', result: s2 },
        { name: 'd.json', result: s4 },
      ]),
    ).toEqual([
      'shards: shard 2 is given twice: b.json, c.json',
      'shards: shard 3 of 4 is missing',
    ]);
  });

  it('a file without shard, and a merged file', () => {
    const { shard: _, ...plain } = s2;
    const mergedFile = merge(shards);
    expect(
      refusal([
        { name: 'a.json', result: s1 },
        { name: 'plain.json', result: plain },
        { name: 'merged.json', result: mergedFile },
        { name: 'd.json', result: s3 },
        { name: 'e.json', result: s4 },
      ]),
    ).toEqual([
      'plain.json: is not a shard\'s results file (it has no "shard"): write each shard with loadgate run --shard i/N',
      "merged.json: is already a merged result (of 4 shards); merge the shards' own files",
      'shards: shard 2 of 4 is missing',
    ]);
  });

  it('different profile hashes, a missing hash, different N, executor, scenarios, start-at', () => {
    const other = { ...s2, profile: { ...s2.profile, hash: 'b'.repeat(64) } };
    const { hash: _, ...noHash } = s3.profile;
    expect(
      refusal([
        { name: 'a.json', result: s1 },
        { name: 'b.json', result: other },
        { name: 'c.json', result: s3 },
        { name: 'd.json', result: s4 },
      ]),
    ).toEqual([
      `b.json profile.hash: is bbbbbbbbbbbb, but a.json's is aaaaaaaaaaaa: the shards ran different profiles, or different --target, --rate, --duration, --vus or --connections`,
    ]);
    expect(
      refusal([
        { name: 'a.json', result: s1 },
        { name: 'b.json', result: s2 },
        { name: 'c.json', result: { ...s3, profile: noHash } },
        { name: 'd.json', result: s4 },
      ]),
    ).toEqual([
      'c.json profile.hash: is missing (written by a loadgate without shards), so nothing shows it ran the same profile: run the shards again with this loadgate',
    ]);
    const three = simulateShards(RUN, 3)[2] as ResultsFileV1;
    const renamed = {
      ...s4,
      scenarios: s4.scenarios.map((s, i) => (i === 0 ? { ...s, name: 'lists' } : s)),
    };
    const closed = { ...s3, load: { ...s3.load, executor: 'constant-vus' } };
    const waited = {
      ...s2,
      shard: {
        ...(s2.shard as NonNullable<ResultsFileV1['shard']>),
        startAtEpochMs: Date.UTC(2026, 0, 1),
        startSkewMs: 2,
      },
    };
    expect(
      refusal([
        { name: 'a.json', result: s1 },
        { name: 'b.json', result: waited },
        { name: 'c.json', result: closed },
        { name: 'd.json', result: renamed },
        { name: 'e.json', result: three },
      ]),
    ).toEqual([
      "e.json shard.count: is 3, but a.json's is 4: shards of one run are all of the same N (--shard i/N)",
      "b.json shard.startAtEpochMs: is 2026-01-01T00:00:00.000Z, but a.json's is absent (no --start-at): shards of one run wait for the same --start-at (or none does)",
      `c.json load.executor: is "constant-vus", but a.json's is "constant-arrival-rate": shards of one run share the executor`,
      `d.json scenarios: is ["lists","search","waf probe"], but a.json's is ["list","search","waf probe"]: shards of one run have the same scenario rows (the same profile and --category/--scenario)`,
    ]);
  });

  it('a different schema version, a shard index out of range, and nothing at all', () => {
    const future = { ...s2, schemaVersion: 2 } as unknown as ResultsFileV1;
    const beyond = { ...s3, shard: { index: 5, count: 4 } };
    expect(
      refusal([
        { name: 'a.json', result: s1 },
        { name: 'b.json', result: future },
        { name: 'c.json', result: beyond },
        { name: 'd.json', result: s4 },
      ]),
    ).toEqual([
      'c.json shard.index: is 5; expected a whole number from 1 to its count 4',
      "b.json schemaVersion: is 2, but a.json's is 1: shards of one run are written by one loadgate",
      'shards: shard 3 of 4 is missing',
    ]);
    expect(refusal([])).toEqual(["FILE: required: the shards' results files, e.g. shard-*.json"]);
  });
});
