import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import type { MetricComparison } from '../../../src/core/judge/types.js';
import { alignTimelines, readWindowSeries } from '../../../src/core/judge/window-series.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import { measureTimelineSec, readWidthSec } from '../../../src/core/stats/timeline.js';
import { type SoakOptions, simulateSoak } from '../../helpers/synthetic-soak.js';

// A 30-minute soak with the 3-hour setting's 10 s windows and 2-minute per-second edges: the
// same folding as a 3-hour run (auto), at a sixth of the simulated seconds.
const DURATION_SEC = 1_800;
const EDGE_SEC = 120;
const WINDOW_SEC = 10;
const MIDDLE_WINDOWS = (DURATION_SEC - 2 * EDGE_SEC) / WINDOW_SEC;
// One scenario: recording costs mostly per second and per timeline, not per request.
const SCENARIOS: SoakOptions['scenarios'] = [
  { name: 'api', ratePerSec: 40, medianMs: 20, errorRate: 0.002 },
];

function soak(seed: number, slowdownAt?: (t: number) => number): ResultsFileV1 {
  return simulateSoak({
    scenarios: SCENARIOS,
    durationMs: DURATION_SEC * 1000,
    seed,
    timeline: { resolutionSec: WINDOW_SEC, edgeSec: EDGE_SEC },
    ...(slowdownAt ? { slowdownAt } : {}),
  });
}

function judge(current: ResultsFileV1, baseline: ResultsFileV1) {
  return buildVerdict({ current, baseline, rules: defaultRules(SCENARIOS.map((s) => s.name)) });
}

function metricOf(verdict: ReturnType<typeof judge>, scope: string, metric: string) {
  const found = verdict.scenarios
    .find((s) => s.name === scope)
    ?.metrics.find((m) => m.metric === metric);
  if (found === undefined) throw new Error(`no ${metric} in ${scope}`);
  return found as MetricComparison;
}

// Half an hour each (72,000 requests through the real recorder): built once.
const baseline = soak(1);
const unchanged = soak(2);
// 20 % slower between the per-second edges: only inside the folded 10 s windows.
const regressed = soak(3, (t) => (t >= EDGE_SEC && t < DURATION_SEC - EDGE_SEC ? 1.2 : 1));

describe('the noise test on a soak with a folded middle', () => {
  it('is recorded with 10 s windows between the per-second first and last minutes', () => {
    // Every answer of this seed lands before the end (no drain second): the last edge's
    // seconds are 1,680–1,799, one point each.
    const widths = baseline.timeline.map(readWidthSec);
    expect(measureTimelineSec(baseline.timeline)).toBe(DURATION_SEC);
    expect(widths.slice(0, EDGE_SEC).every((w) => w === 1)).toBe(true);
    expect(widths.slice(EDGE_SEC, EDGE_SEC + MIDDLE_WINDOWS).every((w) => w === 10)).toBe(true);
    expect(widths.slice(EDGE_SEC + MIDDLE_WINDOWS)).toEqual(Array(EDGE_SEC).fill(1));
    expect(baseline.timeline[EDGE_SEC + MIDDLE_WINDOWS]?.t).toBe(DURATION_SEC - EDGE_SEC);
    for (const s of baseline.scenarios) expect(s.timeline.map(readWidthSec)).toEqual(widths);
  });

  it('detects a 20 % regression in the middle as a significant failure', () => {
    const verdict = judge(regressed, baseline);
    const p95 = metricOf(verdict, 'all', 'p95');
    expect(p95.relative).toBeGreaterThan(0.15);
    expect(p95.status).toBe('fail');
    expect(p95.significance).toMatchObject({ method: 'mann-whitney' });
    expect(p95.significance?.pValue).toBeLessThan(0.001);
    // Ranked on one grid: 180 windows of 10 s in each run (the edges regrouped too).
    expect(p95.significance?.currentWindows).toBe(DURATION_SEC / WINDOW_SEC);
    expect(p95.significance?.baselineWindows).toBe(DURATION_SEC / WINDOW_SEC);
    expect(verdict.level).toBe('fail');
  });

  it('does not flag a soak that did not change', () => {
    const verdict = judge(unchanged, baseline);
    for (const scope of ['all', 'api']) {
      const p95 = metricOf(verdict, scope, 'p95');
      expect(p95.status, scope).not.toMatch(/fail|warn/);
      expect(Math.abs(p95.relative ?? 1), scope).toBeLessThan(0.05);
    }
    expect(verdict.level).toBe('pass');
  });
});

describe('readWindowSeries on wide points', () => {
  it('reads throughput per second of each window, never per point', () => {
    const rps = readWindowSeries(baseline.timeline, 'rps') ?? [];
    // 10 s windows throughout (the last, which may be cut by the end, left out), 40 requests
    // a second.
    expect(rps).toHaveLength(DURATION_SEC / WINDOW_SEC - 1);
    for (const value of rps) expect(value).toBeCloseTo(40, 0);
  });

  it('puts a soak and a per-second baseline on the soak grid', () => {
    const short = simulateSoak({ scenarios: SCENARIOS, durationMs: 120_000, seed: 4 });
    expect(short.timeline.every((p) => p.widthSec === undefined)).toBe(true);
    const aligned = alignTimelines(baseline.timeline, short.timeline);
    expect(aligned.baseline.map((p) => [p.t, readWidthSec(p)])).toEqual(
      Array.from({ length: 12 }, (_, i) => [i * 10, 10]),
    );
    expect(aligned.current.slice(0, -1).every((p) => readWidthSec(p) === 10)).toBe(true);
    // Two per-second runs are left as they are.
    const again = alignTimelines(short.timeline, short.timeline);
    expect(again.current).toBe(short.timeline);
  });
});
