import { describe, expect, it } from 'vitest';
import type { EntrySummary, HistoryEntry } from '../../../src/core/history/types.js';
import {
  readEntryMetric,
  readRunValues,
  testBetweenRuns,
} from '../../../src/core/judge/between-runs.js';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import { judgeRegression, type MetricSample } from '../../../src/core/judge/judge-regression.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import type { CompareSettings, RegressionRule } from '../../../src/core/rules/types.js';
import type { Figures } from '../../../src/core/stats/figures.js';
import { type SyntheticScenario, simulateRun } from '../../helpers/synthetic-run.js';

const settings: CompareSettings = { reportImprovements: true, confidence: 0.95 };
const p95Rule: RegressionRule = {
  metric: 'p95',
  warnRelative: 0.1,
  failRelative: 0.2,
  floor: 1,
  source: 'p95 +10 % warn, +20 % fail, floor 1 ms',
};
const STEADY = [10, 10.2, 9.9, 10.1, 9.8];
/** Mean 10 as STEADY, but a spread of about 2.5 ms between runs. */
const NOISY = [7, 13, 8.5, 12, 9.5];

function p95Sample(current: number, baselineRuns: readonly number[], baseline = 10): MetricSample {
  return {
    metric: 'p95',
    unit: 'ms',
    direction: 'lower-is-better',
    baseline,
    current,
    baselineRuns,
  };
}

describe('testBetweenRuns', () => {
  it('is the one-sided t prediction test: runs 1..5, value 6 → t = √3 with 4 df', () => {
    // m = 3, s = √2.5, t = 3 / (√2.5 · √1.2) = √3; P(T4 ≥ √3) from the closed form of df = 4.
    const t = Math.sqrt(3);
    const u = 1 + (t * t) / 4;
    const cdf = 0.5 + (3 / 8) * (t / Math.sqrt(u)) * (1 - (t * t) / (12 * u));
    const s = testBetweenRuns(6, [1, 2, 3, 4, 5], 'lower-is-better', 0.95);
    expect(s.method).toBe('between-runs');
    expect(s.pValue).toBeCloseTo(1 - cdf, 12);
    expect(s.pValue).toBeCloseTo(0.0792, 4);
    expect(s.shift).toBe(3);
    expect(s.runs).toBe(5);
    expect(s.confidence).toBe(0.95);
  });

  it('mirrors for higher-is-better: a throughput drop is the worse side', () => {
    const runs = [100, 101, 99, 100.5, 99.5];
    expect(testBetweenRuns(90, runs, 'higher-is-better', 0.95).pValue).toBeLessThan(0.001);
    expect(testBetweenRuns(110, runs, 'higher-is-better', 0.95).pValue).toBeGreaterThan(0.999);
    expect(testBetweenRuns(110, runs, 'lower-is-better', 0.95).pValue).toBeLessThan(0.001);
  });

  it('with runs that do not vary at all: p 0 when worse, 1 otherwise', () => {
    const same = [0.1, 0.1, 0.1];
    expect(testBetweenRuns(0.2, same, 'lower-is-better', 0.95).pValue).toBe(0);
    expect(testBetweenRuns(0.1, same, 'lower-is-better', 0.95).pValue).toBe(1);
    expect(testBetweenRuns(0.05, same, 'lower-is-better', 0.95).pValue).toBe(1);
    expect(testBetweenRuns(0.05, same, 'higher-is-better', 0.95).pValue).toBe(0);
  });

  it('needs 2 runs: fewer (non-finite values left out) are insufficient data, counted', () => {
    const s = testBetweenRuns(20, [10, Number.NaN], 'lower-is-better', 0.95);
    expect(s).toEqual({
      method: 'insufficient-data',
      confidence: 0.95,
      baselineWindows: 0,
      currentWindows: 0,
      runs: 1,
    });
    expect(testBetweenRuns(20, [10, Number.NaN, 10.5], 'lower-is-better', 0.95)).toMatchObject({
      method: 'between-runs',
      runs: 2,
    });
  });
});

describe('judgeRegression with earlier runs', () => {
  it('fails a clearly slower run against 5 steady runs, p < 0.05', () => {
    const r = judgeRegression(p95Sample(12.5, STEADY), p95Rule, settings);
    expect(r.status).toBe('fail');
    expect(r.significance?.method).toBe('between-runs');
    expect(r.significance?.runs).toBe(5);
    expect(r.significance?.pValue).toBeLessThan(0.05);
  });

  it('calls the same relative change noise when the runs vary that much', () => {
    const r = judgeRegression(p95Sample(12.5, NOISY), p95Rule, settings);
    expect(r.relative).toBeCloseTo(0.25, 9);
    expect(r.status).toBe('noise');
    expect(r.significance?.pValue).toBeGreaterThan(0.05);
  });

  it('warns at most with only 1 earlier run: no spread between runs can be estimated', () => {
    const r = judgeRegression(p95Sample(15, [10]), p95Rule, settings);
    expect(r.status).toBe('warn');
    expect(r.significance).toMatchObject({ method: 'insufficient-data', runs: 1 });
  });

  it('judges 2 steady earlier runs with 1 degree of freedom: only a change far outside them counts', () => {
    const far = judgeRegression(p95Sample(15, [10, 10.1]), p95Rule, settings);
    expect(far.status).toBe('fail');
    expect(far.significance).toMatchObject({ method: 'between-runs', runs: 2 });
    // t = (12.5 − 10.5) / (1.414 · 1.225) ≈ 1.15: with 1 degree of freedom, p ≈ 0.23.
    const near = judgeRegression(p95Sample(12.5, [9.5, 11.5]), p95Rule, settings);
    expect(near.status).toBe('noise');
  });

  it('keeps the relative limit and the floor exactly as for pull requests', () => {
    // +40 % and far outside the runs, but only 0.8 ms: below the 1 ms floor.
    const small = judgeRegression(p95Sample(2.8, [2, 2.01, 1.99, 2], 2), p95Rule, settings);
    expect(small.status).toBe('pass');
    // +5 %, far outside the runs, but within the +10 % warn limit.
    expect(judgeRegression(p95Sample(10.5, [10, 10, 10.01, 10]), p95Rule, settings).status).toBe(
      'pass',
    );
  });

  it('uses the runs instead of the windows when both are given', () => {
    const windows = Array.from({ length: 20 }, (_, i) => 10 + (i % 3) * 0.01);
    const sample = {
      ...p95Sample(12.5, NOISY),
      baselineWindows: windows,
      currentWindows: windows.map((w) => w * 1.25),
    };
    const r = judgeRegression(sample, p95Rule, settings);
    expect(r.significance?.method).toBe('between-runs');
    expect(r.status).toBe('noise');
  });

  it('reports an improvement that stands out from the runs', () => {
    const r = judgeRegression(p95Sample(7, STEADY), p95Rule, settings);
    expect(r.status).toBe('improved');
    expect(r.significance?.method).toBe('between-runs');
  });
});

describe('readEntryMetric', () => {
  const summary: EntrySummary = {
    requests: 900,
    ok: 880,
    failed: 15,
    errors: 5,
    blocked: 2,
    dropped: 3,
    rps: 30,
    errorRate: 0.022,
    blockRate: 0.002,
    dropRate: 0.003,
    latencyMs: { p50: 4, p90: 8, p95: 10, p99: 20, p999: 40, max: 50, mean: 5 },
  };

  it.each([
    ['p50', 4],
    ['p90', 8],
    ['p95', 10],
    ['p99', 20],
    ['p999', 40],
    ['max', 50],
    ['mean', 5],
    ['errorRate', 0.022],
    ['blockRate', 0.002],
    ['dropRate', 0.003],
    ['rps', 30],
    ['requests', 900],
    ['dropped', 3],
  ] as const)('reads %s', (metric, value) => {
    expect(readEntryMetric(summary, metric)).toBe(value);
  });

  it.each(['min', 'p97.5', 'sendLagP99', 'droppedRps'] as const)(
    'has no %s (an entry does not keep it)',
    (metric) => {
      expect(readEntryMetric(summary, metric)).toBeUndefined();
    },
  );

  it('leaves out runs whose value is not a number', () => {
    const broken = { ...summary, rps: Number.NaN };
    expect(readRunValues([summary, broken, summary], 'rps')).toEqual([30, 30]);
  });
});

function summarize(f: Figures): EntrySummary {
  const { latencyMs: l, totals: t } = f;
  return {
    requests: t.requests,
    ok: t.ok,
    failed: t.failed,
    errors: t.errors,
    blocked: t.blocked,
    dropped: t.dropped,
    rps: f.throughput.rps,
    errorRate: f.errorRate,
    blockRate: f.blockRate,
    dropRate: f.dropRate,
    latencyMs: {
      p50: l.p50,
      p90: l.p90,
      p95: l.p95,
      p99: l.p99,
      p999: l.p999,
      max: l.max,
      mean: l.mean,
    },
  };
}

/** A history entry of one run; `keep` limits which scenarios it remembers. */
function entryOf(result: ResultsFileV1, index: number, keep?: readonly string[]): HistoryEntry {
  const scenarios: Record<string, EntrySummary> = {};
  for (const s of result.scenarios)
    if (!keep || keep.includes(s.name)) scenarios[s.name] = summarize(s);
  return {
    profile: result.profile.name,
    layer: 'scheduled',
    interval: 'hourly',
    id: `run-${index}`,
    at: result.startedAt,
    runs: 1,
    status: result.status,
    verdict: 'pass',
    durationMs: result.durationMs,
    load: { executor: result.load.executor },
    overall: summarize(result),
    scenarios,
    histogram: result.histograms.latency,
  };
}

const shop = (slowdown: number): SyntheticScenario[] => [
  { name: 'list', ratePerSec: 300, medianMs: 8 * slowdown },
  { name: 'detail', ratePerSec: 150, medianMs: 5 * slowdown },
];
const run = (seed: number, slowdown = 1) =>
  simulateRun({ scenarios: shop(slowdown), durationMs: 30_000, seed });
const rules = defaultRules(['list', 'detail']);

describe('buildVerdict with baselineRuns', () => {
  it('fails a slower run against steady earlier runs, saying across how many', () => {
    const baselineRuns = [11, 12, 13, 14, 15].map((seed, i) => entryOf(run(seed), i));
    const verdict = buildVerdict({ current: run(20, 1.3), baseline: run(1), rules, baselineRuns });
    expect(verdict.level).toBe('fail');
    const p95 = verdict.scenarios[0]?.metrics.find((m) => m.metric === 'p95');
    expect(p95?.significance).toMatchObject({ method: 'between-runs', runs: 5 });
    expect(verdict.reasons[0]).toMatch(
      /^p95 \+\d+(\.\d+)? % \(\+[\d.]+ ms\) vs baseline: over the \+12 % fail limit \(floor 1 ms\), 95 % confident across 5 earlier runs \(p /,
    );
  });

  it('passes the same slowdown when the earlier runs varied as much', () => {
    const baselineRuns = [0.75, 1.3, 0.85, 1.25, 0.95].map((f, i) => entryOf(run(11 + i, f), i));
    const verdict = buildVerdict({ current: run(20, 1.3), baseline: run(1), rules, baselineRuns });
    expect(verdict.level, verdict.reasons.join('\n')).toBe('pass');
    const p95 = verdict.scenarios[0]?.metrics.find((m) => m.metric === 'p95');
    expect(p95?.status).toBe('noise');
  });

  it('reads a scenario from the runs that have it: 1 of 5 → a warning at most', () => {
    const baselineRuns = [11, 12, 13, 14, 15].map((seed, i) =>
      entryOf(run(seed), i, i < 1 ? ['list', 'detail'] : ['detail']),
    );
    const verdict = buildVerdict({ current: run(20, 1.3), baseline: run(1), rules, baselineRuns });
    const list = verdict.scenarios.find((s) => s.name === 'list');
    const p95 = list?.metrics.find((m) => m.metric === 'p95');
    expect(p95?.status).toBe('warn');
    expect(p95?.significance).toMatchObject({ method: 'insufficient-data', runs: 1 });
    expect(verdict.reasons).toContainEqual(
      expect.stringMatching(
        /^list: p95 .* vs baseline: over the limit, but only 1 earlier run to judge noise by \(2 needed\), so a warning only$/,
      ),
    );
    const detail = verdict.scenarios.find((s) => s.name === 'detail');
    expect(detail?.metrics.find((m) => m.metric === 'p95')?.status).toBe('fail');
  });

  it('looks scenarios up by own name only: "constructor" is not in an empty entry', () => {
    const scenarios = [{ name: 'constructor', ratePerSec: 100, medianMs: 8 }];
    const at = (seed: number, slowdown = 1) =>
      simulateRun({
        scenarios: scenarios.map((s) => ({ ...s, medianMs: 8 * slowdown })),
        durationMs: 20_000,
        seed,
      });
    const baselineRuns = [11, 12, 13].map((seed, i) => entryOf(at(seed), i, []));
    const verdict = buildVerdict({
      current: at(20, 1.3),
      baseline: at(1),
      rules: defaultRules(['constructor']),
      baselineRuns,
    });
    const scope = verdict.scenarios.find((s) => s.name === 'constructor');
    expect(scope?.metrics.find((m) => m.metric === 'p95')?.significance).toMatchObject({
      method: 'insufficient-data',
      runs: 0,
    });
  });
});
