import { errorFunction, probit } from 'simple-statistics';
import type {
  CompareSettings,
  Direction,
  MetricName,
  MetricUnit,
  RegressionRule,
} from '../rules/types.js';
import { testBetweenRuns } from './between-runs.js';
import {
  estimatePairedChange,
  medianOfSorted,
  type PairedSeries,
  testPairedWindows,
} from './paired-windows.js';
import type { ChangeStatus, MetricComparison, Significance } from './types.js';
import { MIN_WINDOWS } from './window-series.js';

export interface MetricSample {
  metric: MetricName;
  unit: MetricUnit;
  direction: Direction;
  current: number;
  baseline?: number;
  /** Per-second values of each run, when the metric has them. */
  currentWindows?: readonly number[];
  baselineWindows?: readonly number[];
  /** The metric's value in each earlier run a rolling baseline was merged from. When given
   * (even empty), the between-run test replaces the window test. */
  baselineRuns?: readonly number[];
  /** Per-window values of both sides of a side-by-side run, paired (`pairWindowSeries`): when
   * given, the paired test replaces the window test. */
  pairedWindows?: PairedSeries;
}

/**
 * How sure a worsening in `direction` is real: with `baselineRuns`, the between-run prediction
 * test (`testBetweenRuns`, fewer than 3 runs → `insufficient-data`); with `pairedWindows` (a
 * side-by-side run), the signed-rank test on the per-window differences (`testPairedWindows`,
 * fewer than `MIN_WINDOWS` pairs → `insufficient-data`); otherwise the rank test on
 * both runs' windows, `insufficient-data` when either has fewer than `MIN_WINDOWS`.
 */
export function testSignificance(
  sample: MetricSample,
  direction: Exclude<Direction, 'none'>,
  confidence: number,
): Significance {
  if (sample.baselineRuns !== undefined)
    return testBetweenRuns(sample.current, sample.baselineRuns, direction, confidence);
  const paired = sample.pairedWindows;
  if (paired !== undefined)
    return testPairedWindows(paired.baseline, paired.current, direction, confidence);
  const b = sample.baselineWindows ?? [];
  const c = sample.currentWindows ?? [];
  const base = { confidence, baselineWindows: b.length, currentWindows: c.length };
  if (b.length < MIN_WINDOWS || c.length < MIN_WINDOWS)
    return { method: 'insufficient-data', ...base };
  const r = compareWindows(b, c, direction === 'lower-is-better' ? 'higher' : 'lower', confidence);
  return {
    method: 'mann-whitney',
    pValue: r.pValue,
    shift: r.shift,
    low: r.low,
    high: r.high,
    ...base,
  };
}

/**
 * Judges one metric against the baseline. A change counts only when it is worse than the
 * rule's relative limit AND at least its absolute floor AND unlikely to be noise (one-sided
 * p below 1 − confidence; see `testSignificance` for which test). Past the bars but not
 * significant → `noise`; past them with too little data to tell → at most `warn` (never fail
 * on what may be noise). Better by the same bars, and significant → `improved` (when
 * improvements are reported). A zero baseline makes any worsening infinitely large in
 * relative terms, so only the floor decides there.
 */
export function judgeRegression(
  sample: MetricSample,
  rule: RegressionRule | undefined,
  settings: CompareSettings,
): MetricComparison {
  const { metric, unit, current, baseline } = sample;
  const direction = rule?.direction ?? sample.direction;
  const shown: MetricComparison = { metric, unit, direction, current, status: 'no-baseline' };
  if (baseline === undefined || !Number.isFinite(current) || !Number.isFinite(baseline))
    return shown;
  // Side by side, the change is read within each window, where a disturbance both sides
  // share cannot dilute it (`estimatePairedChange`).
  const paired =
    sample.baselineRuns === undefined && sample.pairedWindows !== undefined
      ? estimatePairedChange(sample.pairedWindows)
      : undefined;
  const delta = paired?.delta ?? current - baseline;
  const relative = paired?.relative ?? (baseline !== 0 ? delta / baseline : undefined);
  const result: MetricComparison = {
    ...shown,
    baseline,
    delta,
    ...(relative !== undefined ? { relative } : {}),
    ...(paired !== undefined ? { relativeFrom: 'paired-windows' as const } : {}),
    status: 'pass',
  };
  if (direction === 'none') return result;
  const sign = direction === 'lower-is-better' ? 1 : -1;
  const worseDelta = sign * delta;
  const worseRelative =
    relative !== undefined ? sign * relative : worseDelta > 0 ? Number.POSITIVE_INFINITY : 0;
  const significance = testSignificance(sample, direction, settings.confidence);
  result.significance = significance;
  if (!rule) return result;
  result.rule = rule.source;
  const alpha = 1 - settings.confidence;
  const beyond = (limit: number | undefined, rel: number, abs: number) =>
    limit !== undefined && rel > limit && abs >= rule.floor;
  const worse: ChangeStatus | undefined = beyond(rule.failRelative, worseRelative, worseDelta)
    ? 'fail'
    : beyond(rule.warnRelative, worseRelative, worseDelta)
      ? 'warn'
      : undefined;
  if (worse) {
    if (significance.method === 'insufficient-data') result.status = 'warn';
    else result.status = (significance.pValue ?? 1) < alpha ? worse : 'noise';
    return result;
  }
  const smallestLimit = Math.min(
    rule.warnRelative ?? Number.POSITIVE_INFINITY,
    rule.failRelative ?? Number.POSITIVE_INFINITY,
  );
  if (settings.reportImprovements && beyond(smallestLimit, -worseRelative, -worseDelta)) {
    const better = testSignificance(
      sample,
      direction === 'lower-is-better' ? 'higher-is-better' : 'lower-is-better',
      settings.confidence,
    );
    if (better.method !== 'insufficient-data' && (better.pValue ?? 1) < alpha) {
      result.status = 'improved';
      result.significance = better;
    }
  }
  return result;
}

/** Beyond this many pairs the windows are thinned evenly: the test needs shape, not every second. */
const MAX_PAIRS = 1_000_000;

export interface RankTestResult {
  /** One-sided p-value that `current` is worse than `baseline` (see `worseIs`). */
  pValue: number;
  /** Hodges–Lehmann shift estimate: the median of all pairwise differences current − baseline. */
  shift: number;
  /** Distribution-free confidence interval of the shift at the given confidence. */
  low: number;
  high: number;
}

/** Standard normal CDF. */
function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

/** Keeps at most `max` values, evenly spaced, in order. */
function thin(values: readonly number[], max: number): number[] {
  if (values.length <= max) return [...values];
  const step = values.length / max;
  return Array.from({ length: max }, (_, i) => values[Math.floor(i * step)] as number);
}

/**
 * Mann–Whitney U (Wilcoxon rank-sum) test with the normal approximation, tie correction and a
 * continuity correction, plus the Hodges–Lehmann shift and its interval. It assumes the
 * windows of each run are exchangeable draws of the per-window statistic (no trend within a
 * run); it says nothing about machine-to-machine drift, which the floors must absorb.
 * @param worseIs `higher` for latency and error rates, `lower` for throughput.
 * @param confidence two-sided level of the interval, e.g. 0.95.
 * Both samples need at least one value; identical samples give p = 1 and a zero shift.
 */
export function compareWindows(
  baselineValues: readonly number[],
  currentValues: readonly number[],
  worseIs: 'higher' | 'lower',
  confidence: number,
): RankTestResult {
  const perSide = Math.floor(Math.sqrt(MAX_PAIRS));
  const baseline = thin(baselineValues, perSide);
  const current = thin(currentValues, perSide);
  const nb = baseline.length;
  const nc = current.length;
  const pooled = [...baseline.map((v) => ({ v, c: 0 })), ...current.map((v) => ({ v, c: 1 }))].sort(
    (a, b) => a.v - b.v,
  );
  const n = pooled.length;
  let rankSumCurrent = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && (pooled[j + 1] as { v: number }).v === (pooled[i] as { v: number }).v) j++;
    const averageRank = (i + j + 2) / 2;
    const ties = j - i + 1;
    tieTerm += ties ** 3 - ties;
    for (let k = i; k <= j; k++)
      if ((pooled[k] as { c: number }).c === 1) rankSumCurrent += averageRank;
    i = j + 1;
  }
  const u = rankSumCurrent - (nc * (nc + 1)) / 2;
  const mean = (nb * nc) / 2;
  const variance = ((nb * nc) / 12) * (n + 1 - tieTerm / (n * (n - 1) || 1));
  let pValue = 1;
  if (variance > 0) {
    const excess = worseIs === 'higher' ? u - mean : mean - u;
    pValue = 1 - normalCdf((excess - 0.5) / Math.sqrt(variance));
  }
  const { shift, low, high } = estimateShift(baseline, current, confidence);
  return { pValue: Math.min(1, Math.max(0, pValue)), shift, low, high };
}

/** Hodges–Lehmann: median of pairwise differences, interval from their order statistics. */
function estimateShift(
  baseline: readonly number[],
  current: readonly number[],
  confidence: number,
) {
  const differences = new Float64Array(baseline.length * current.length);
  let k = 0;
  for (const c of current) for (const b of baseline) differences[k++] = c - b;
  differences.sort();
  const m = differences.length;
  const median = medianOfSorted(differences);
  const z = probit(1 - (1 - confidence) / 2);
  const nb = baseline.length;
  const nc = current.length;
  const cut = Math.max(
    0,
    Math.floor((nb * nc) / 2 - z * Math.sqrt((nb * nc * (nb + nc + 1)) / 12)),
  );
  const lowIndex = Math.min(cut, m - 1);
  return {
    shift: median,
    low: differences[lowIndex] as number,
    high: differences[m - 1 - lowIndex] as number,
  };
}
