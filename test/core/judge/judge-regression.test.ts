import { describe, expect, it } from 'vitest';
import {
  compareWindows,
  judgeRegression,
  type MetricSample,
} from '../../../src/core/judge/judge-regression.js';
import type { CompareSettings, RegressionRule } from '../../../src/core/rules/types.js';
import { createRandom } from '../../../src/core/schedule/vu-schedule.js';

const settings: CompareSettings = { reportImprovements: true, confidence: 0.95 };
const p95Rule: RegressionRule = {
  metric: 'p95',
  warnRelative: 0.1,
  failRelative: 0.2,
  floor: 1,
  source: 'p95 +10 % warn, +20 % fail, floor 1 ms',
};

/** Per-second values around `center` with ±5 % jitter, reproducible. */
function windows(center: number, n: number, seed: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => center * (0.95 + random() * 0.1));
}

function p95Sample(baseline: number, current: number, n = 20): MetricSample {
  return {
    metric: 'p95',
    unit: 'ms',
    direction: 'lower-is-better',
    baseline,
    current,
    baselineWindows: windows(baseline, n, 1),
    currentWindows: windows(current, n, 2),
  };
}

describe('judgeRegression', () => {
  it('fails a significant change beyond the fail limit and the floor', () => {
    const r = judgeRegression(p95Sample(10, 12.5), p95Rule, settings);
    expect(r.status).toBe('fail');
    expect(r.relative).toBeCloseTo(0.25, 9);
    expect(r.delta).toBeCloseTo(2.5, 9);
    expect(r.significance?.method).toBe('mann-whitney');
    expect(r.significance?.pValue).toBeLessThan(0.001);
    expect(r.significance?.low).toBeGreaterThan(0);
  });

  it('warns between the warn and fail limits', () => {
    expect(judgeRegression(p95Sample(10, 11.5), p95Rule, settings).status).toBe('warn');
  });

  it('passes a large relative change below the absolute floor', () => {
    expect(judgeRegression(p95Sample(2, 2.8), p95Rule, settings).status).toBe('pass');
  });

  it('calls a change beyond the bars "noise" when the windows do not support it', () => {
    const sample = { ...p95Sample(10, 12.5), currentWindows: windows(10, 20, 3) };
    expect(judgeRegression(sample, p95Rule, settings).status).toBe('noise');
  });

  it('never fails on too few windows: a warning at most', () => {
    const r = judgeRegression(p95Sample(10, 13, 3), p95Rule, settings);
    expect(r.status).toBe('warn');
    expect(r.significance?.method).toBe('insufficient-data');
  });

  it('reports significant improvements only when asked', () => {
    expect(judgeRegression(p95Sample(10, 7), p95Rule, settings).status).toBe('improved');
    expect(
      judgeRegression(p95Sample(10, 7), p95Rule, { ...settings, reportImprovements: false }).status,
    ).toBe('pass');
  });

  it('knows a throughput drop is the bad direction', () => {
    const rule: RegressionRule = {
      metric: 'rps',
      failRelative: 0.1,
      floor: 5,
      source: 'rps −10 %',
    };
    const sample: MetricSample = {
      metric: 'rps',
      unit: 'rps',
      direction: 'higher-is-better',
      baseline: 200,
      current: 150,
      baselineWindows: windows(200, 20, 4),
      currentWindows: windows(150, 20, 5),
    };
    expect(judgeRegression(sample, rule, settings).status).toBe('fail');
    expect(
      judgeRegression(
        { ...sample, current: 260, currentWindows: windows(260, 20, 6) },
        rule,
        settings,
      ).status,
    ).toBe('improved');
  });

  it('lets the floor alone decide when the baseline is zero', () => {
    const rule: RegressionRule = {
      metric: 'errorRate',
      failRelative: 0.5,
      floor: 0.01,
      source: 'error rate',
    };
    const sample = (current: number): MetricSample => ({
      metric: 'errorRate',
      unit: 'fraction',
      direction: 'lower-is-better',
      baseline: 0,
      current,
      baselineWindows: Array(20).fill(0),
      currentWindows: Array(20).fill(current),
    });
    expect(judgeRegression(sample(0.005), rule, settings).status).toBe('pass');
    const broken = judgeRegression(sample(0.05), rule, settings);
    expect(broken.status).toBe('fail');
    expect(broken.relative).toBeUndefined();
  });

  it('without a baseline there is nothing to judge', () => {
    const r = judgeRegression(
      { metric: 'p95', unit: 'ms', direction: 'lower-is-better', current: 9 },
      p95Rule,
      settings,
    );
    expect(r).toEqual({
      metric: 'p95',
      unit: 'ms',
      direction: 'lower-is-better',
      current: 9,
      status: 'no-baseline',
    });
  });

  it('without a rule, shows the change and its confidence but gates nothing', () => {
    const r = judgeRegression(p95Sample(10, 20), undefined, settings);
    expect(r.status).toBe('pass');
    expect(r.rule).toBeUndefined();
    expect(r.significance?.pValue).toBeLessThan(0.001);
  });
});

// Reference p-values from scipy.stats.mannwhitneyu(current, baseline, alternative=…,
// use_continuity=True, method='asymptotic') and Hodges–Lehmann shifts from numpy.
const CASES = [
  {
    name: 'shifted up',
    baseline: [10.1, 10.4, 9.8, 10.0, 10.2, 10.3, 9.9, 10.1],
    current: [11.0, 10.9, 11.3, 10.8, 11.1, 11.2, 10.7, 11.4, 11.0],
    pHigher: 0.0003128950398211259,
    pLower: 0.9997813832889019,
    shift: 0.9,
  },
  {
    name: 'many ties',
    baseline: [5, 5, 6, 6, 7, 7, 8, 8, 9, 9],
    current: [6, 7, 7, 8, 8, 9, 9, 10, 10, 11],
    pHigher: 0.03021716398220352,
    pLower: 0.9746640955392185,
    shift: 1.5,
  },
  {
    name: 'identical',
    baseline: [1, 2, 3, 4, 5, 6, 7, 8],
    current: [1, 2, 3, 4, 5, 6, 7, 8],
    pHigher: 0.5210631898891795,
    pLower: 0.5210631898891795,
    shift: 0,
  },
  {
    name: 'shifted down',
    baseline: [100, 101, 99, 102, 100, 98, 101, 103],
    current: [90, 91, 89, 92, 95, 93, 90, 94],
    pHigher: 0.9996877412853398,
    pLower: 0.00045742395513180214,
    shift: -9,
  },
];

describe('compareWindows (Mann–Whitney U, Hodges–Lehmann)', () => {
  it.each(CASES)(
    '$name: p-values and shift match scipy/numpy',
    ({ baseline, current, pHigher, pLower, shift }) => {
      const higher = compareWindows(baseline, current, 'higher', 0.95);
      const lower = compareWindows(baseline, current, 'lower', 0.95);
      expect(higher.pValue).toBeCloseTo(pHigher, 6);
      expect(lower.pValue).toBeCloseTo(pLower, 6);
      expect(higher.shift).toBeCloseTo(shift, 9);
    },
  );

  it('brackets the shift with its interval, wider at higher confidence', () => {
    const { baseline, current } = CASES[0] as (typeof CASES)[number];
    const at90 = compareWindows(baseline, current, 'higher', 0.9);
    const at99 = compareWindows(baseline, current, 'higher', 0.99);
    expect(at90.low).toBeLessThanOrEqual(at90.shift);
    expect(at90.high).toBeGreaterThanOrEqual(at90.shift);
    expect(at99.low).toBeLessThanOrEqual(at90.low);
    expect(at99.high).toBeGreaterThanOrEqual(at90.high);
    expect(at90.low).toBeGreaterThan(0);
  });

  it('gives no evidence when every value is equal', () => {
    const r = compareWindows([3, 3, 3, 3, 3], [3, 3, 3, 3, 3], 'higher', 0.95);
    expect(r).toEqual({ pValue: 1, shift: 0, low: 0, high: 0 });
  });

  it('thins very long runs without losing a clear shift', () => {
    const baseline = Array.from({ length: 3000 }, (_, i) => 10 + (i % 7) * 0.1);
    const current = Array.from({ length: 3000 }, (_, i) => 11 + (i % 7) * 0.1);
    const r = compareWindows(baseline, current, 'higher', 0.95);
    expect(r.pValue).toBeLessThan(1e-6);
    expect(r.shift).toBeCloseTo(1, 6);
  });
});

describe('judgeRegression side by side', () => {
  // B 10 % slower; both sides 25 ms slower in windows 3–5 (a shared disturbance that makes
  // the whole-run tail), so the whole-run p95s read only +0.8 ms (+1.7 %) apart while every
  // window says +10 % and about +2 ms.
  const baselineWindows = [21, 21.2, 20.8, 46, 46.4, 45.8, 21.1, 20.9, 21];
  const currentWindows = baselineWindows.map((v, i) =>
    i >= 3 && i <= 5 ? (v - 25) * 1.1 + 25 : v * 1.1,
  );
  const sample: MetricSample = {
    metric: 'p95',
    unit: 'ms',
    direction: 'lower-is-better',
    baseline: 46,
    current: 46.8,
    pairedWindows: { baseline: baselineWindows, current: currentWindows },
  };
  const rule = { ...p95Rule, warnRelative: 0.05, failRelative: 0.12 };

  it('judges the change within each paired window: relative limit and floor', () => {
    // Judged on the whole-run values, +1.7 % and +0.8 ms would pass both bars.
    const r = judgeRegression(sample, rule, settings);
    expect(r.relativeFrom).toBe('paired-windows');
    expect(r.relative).toBeGreaterThan(0.09);
    expect(r.delta).toBeGreaterThan(2);
    expect(r.delta).toBeLessThan(2.2);
    expect(r.significance?.method).toBe('paired-windows');
    expect(r.status).toBe('warn');
  });

  it('falls back to the whole-run values when windows cannot be divided (a window at 0)', () => {
    const zero = { baseline: [0, ...baselineWindows.slice(1)], current: currentWindows };
    const r = judgeRegression({ ...sample, pairedWindows: zero }, rule, settings);
    expect(r.relativeFrom).toBeUndefined();
    expect(r.delta).toBeCloseTo(0.8, 9);
    expect(r.relative).toBeCloseTo(0.8 / 46, 12);
    expect(r.status).toBe('pass');
  });

  it('uses the whole-run values for a rolling baseline even if windows were paired', () => {
    const r = judgeRegression({ ...sample, baselineRuns: [46, 46.5, 45.5] }, rule, settings);
    expect(r.relativeFrom).toBeUndefined();
    expect(r.relative).toBeCloseTo(0.8 / 46, 12);
  });
});
