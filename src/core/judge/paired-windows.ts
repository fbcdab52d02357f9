/**
 * The noise test of a side-by-side run (`--baseline-target`): both targets were measured over
 * the same seconds, so their windows come in pairs, and a disturbance of the machine or the
 * network in some second (a noisy neighbour, a GC pause of the generator, a slow minute of the
 * runner) raises both values of that pair. Testing the per-window differences B − A cancels
 * it; ranking all of A's windows against all of B's (`compareWindows`) cannot, and a drift that
 * spreads both series wider than the change between them hides the change.
 */
import { errorFunction, probit } from 'simple-statistics';
import type { Direction, MetricName } from '../rules/types.js';
import type { TimelinePoint } from '../stats/figures.js';
import type { Significance } from './types.js';
import {
  alignTimelines,
  MIN_WINDOWS,
  readGroupValue,
  readWindowSeries,
  windowRequestsFor,
} from './window-series.js';

/** One metric's value per window, both sides on the same windows (`baseline[i]` ↔ `current[i]`). */
export interface PairedSeries {
  baseline: number[];
  current: number[];
}

/** Beyond this many pairs they are thinned evenly (the shift estimate is quadratic in them). */
const MAX_PAIRS = 2000;
/** Up to this many non-zero differences the p-value is exact (every sign pattern counted). */
const MAX_EXACT = 30;

/**
 * The per-window values of `metric` in two timelines measured side by side, on one grid: points
 * are matched by their start `t` (both runs share the measured window), consecutive matched
 * points are grouped until BOTH sides hold the requests the metric needs
 * (`minWindowRequests`: 100 for p95), and each side's value is read from its own group with
 * histograms merged exactly. Throughput and dropped arrivals are paired point by point (the
 * last, usually partial, point left out). Timelines of different widths (a soak's folded
 * middle) are first regrouped to one width (`alignTimelines`).
 * @returns undefined for metrics with no per-window form (counts, send lag).
 */
export function pairWindowSeries(
  current: readonly TimelinePoint[],
  baseline: readonly TimelinePoint[],
  metric: MetricName,
): PairedSeries | undefined {
  const aligned = alignTimelines(current, baseline);
  const byStart = new Map(aligned.baseline.map((p) => [p.t, p]));
  const pairs: [TimelinePoint, TimelinePoint][] = [];
  for (const point of aligned.current) {
    const other = byStart.get(point.t);
    if (other !== undefined) pairs.push([other, point]);
  }
  if (metric === 'rps' || metric === 'droppedRps') {
    const read = (p: TimelinePoint) =>
      (metric === 'rps' ? p.requests : p.dropped) / (p.widthSec ?? 1);
    const whole = pairs.slice(0, -1);
    return { baseline: whole.map(([b]) => read(b)), current: whole.map(([, c]) => read(c)) };
  }
  // An empty timeline costs nothing and tells whether the metric has windows at all.
  if (readWindowSeries([], metric) === undefined) return undefined;
  const min = windowRequestsFor(metric);
  const series: PairedSeries = { baseline: [], current: [] };
  let groupB: TimelinePoint[] = [];
  let groupC: TimelinePoint[] = [];
  let countB = 0;
  let countC = 0;
  for (const [b, c] of pairs) {
    groupB.push(b);
    groupC.push(c);
    countB += b.requests;
    countC += c.requests;
    if (countB >= min && countC >= min) {
      series.baseline.push(readGroupValue(groupB, metric) as number);
      series.current.push(readGroupValue(groupC, metric) as number);
      groupB = [];
      groupC = [];
      countB = 0;
      countC = 0;
    }
  }
  return series;
}

/**
 * Wilcoxon signed-rank test on the per-window log ratios ln(current / baseline), one-sided
 * towards "current is worse", and the Hodges–Lehmann estimate of the shift (the median of the
 * Walsh averages of the differences current − baseline, in the metric's unit) with its
 * distribution-free interval. Ratios, not differences, are ranked because a disturbance scales
 * a window's noise with its values: a second where another process holds the cores doubles
 * both sides' tails and the spread of their difference, and ranked by size those few loud
 * differences would outvote the many quiet windows that show the change. When any window is
 * not a positive finite number (clean windows of an error rate) the differences are ranked
 * instead. Zero differences are left out of the ranks (Wilcoxon's rule) but kept in the shift.
 * With at most 30 non-zero values the p-value is exact (ties get average ranks, counted
 * exactly); beyond, the normal approximation with tie and continuity corrections.
 * It assumes only that a window's log ratio (or difference) is symmetric around its centre:
 * whatever both sides share in a window (drift, a busy second) is gone from it.
 * @param baseline A's value per window; `current` B's, same length and order.
 * @param direction which way is worse (`lower-is-better`: higher values are worse).
 * @param confidence e.g. 0.95: the interval's two-sided level; the caller compares p with 1 − it.
 * @returns `insufficient-data` with fewer than `MIN_WINDOWS` pairs; identical series give p = 1
 *   and a zero shift. `baselineWindows` and `currentWindows` are both the number of pairs.
 */
export function testPairedWindows(
  baseline: readonly number[],
  current: readonly number[],
  direction: Exclude<Direction, 'none'>,
  confidence: number,
): Significance {
  const n = Math.min(baseline.length, current.length);
  const base = { confidence, baselineWindows: n, currentWindows: n };
  const differences = thinPairs(baseline, current, n).filter((d) => Number.isFinite(d));
  if (n < MIN_WINDOWS || differences.length < MIN_WINDOWS) {
    return { method: 'insufficient-data', ...base };
  }
  const sign = direction === 'lower-is-better' ? 1 : -1;
  const ranked = thinLogRatios(baseline, current, n) ?? differences;
  const pValue = signedRankPValue(ranked.map((d) => sign * d));
  const { shift, low, high } = estimatePairedShift(differences, confidence);
  return { method: 'paired-windows', pValue, shift, low, high, ...base };
}

/**
 * The change of a metric measured side by side, read within each window: `relative` is the
 * median of the per-window log ratios ln(B / A) as a fraction (e^median − 1; +0.08 is 8 %
 * worse for latency), `delta` the median of the per-window differences B − A in the metric's
 * unit (what the floor judges). Why not B's whole-run value against A's: a disturbance both
 * sides share adds about the same milliseconds to both in the windows it hits, and those
 * windows make the whole-run tail, so the whole-run values move together: a 10 % slower B read
 * +4.8 % and +0.8 ms when a third of the run doubled both sides' tails, while every undisturbed
 * window still said +10 % and +2 ms. Plain medians, not the Hodges–Lehmann estimate the test's
 * shift uses: they stay with the undisturbed windows as long as those are the majority, where
 * Walsh averages mix both kinds. Windows are thinned as for the test.
 * @returns undefined with fewer than `MIN_WINDOWS` pairs, or when any pair holds a value that is
 *   not a positive finite number (a ratio against 0 says nothing: clean windows of an error
 *   rate); the caller then falls back to the whole-run values.
 */
export function estimatePairedChange(
  series: PairedSeries,
): { relative: number; delta: number } | undefined {
  const n = Math.min(series.baseline.length, series.current.length);
  if (n < MIN_WINDOWS) return undefined;
  const logRatios = thinLogRatios(series.baseline, series.current, n);
  if (logRatios === undefined) return undefined;
  const differences = thinPairs(series.baseline, series.current, n);
  return {
    relative: Math.expm1(medianOfSorted(Float64Array.from(logRatios).sort())),
    delta: medianOfSorted(Float64Array.from(differences).sort()),
  };
}

/** ln(current / baseline) per pair, thinned as `thinPairs`; undefined when any value of a kept
 * pair is not a positive finite number. */
function thinLogRatios(
  baseline: readonly number[],
  current: readonly number[],
  n: number,
): number[] | undefined {
  const take = Math.min(n, MAX_PAIRS);
  const step = n / take;
  const logRatios: number[] = [];
  for (let i = 0; i < take; i++) {
    const at = Math.floor(i * step);
    const a = baseline[at] as number;
    const b = current[at] as number;
    if (!(a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b))) return undefined;
    logRatios.push(Math.log(b / a));
  }
  return logRatios;
}

function thinPairs(baseline: readonly number[], current: readonly number[], n: number): number[] {
  const take = Math.min(n, MAX_PAIRS);
  const step = n / take;
  return Array.from({ length: take }, (_, i) => {
    const at = Math.floor(i * step);
    return (current[at] as number) - (baseline[at] as number);
  });
}

/**
 * One-sided p of the signed-rank statistic: the chance, with signs drawn at random, of a sum of
 * positive ranks at least the one seen. All-zero differences say nothing: p = 1.
 */
export function signedRankPValue(worse: readonly number[]): number {
  const nonZero = worse.filter((d) => d !== 0);
  const n = nonZero.length;
  if (n === 0) return 1;
  const order = nonZero.map((d) => ({ size: Math.abs(d), positive: d > 0 }));
  order.sort((a, b) => a.size - b.size);
  // Doubled average ranks are whole numbers, so exact counting works with ties too.
  const doubled = new Array<number>(n);
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (
      j + 1 < n &&
      (order[j + 1] as { size: number }).size === (order[i] as { size: number }).size
    )
      j++;
    const ties = j - i + 1;
    tieTerm += ties ** 3 - ties;
    for (let k = i; k <= j; k++) doubled[k] = i + j + 2;
    i = j + 1;
  }
  let positive2 = 0;
  for (let k = 0; k < n; k++)
    if ((order[k] as { positive: boolean }).positive) positive2 += doubled[k] as number;
  if (n <= MAX_EXACT) return exactUpperTail(doubled, positive2);
  const mean = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  if (variance <= 0) return 1;
  const z = (positive2 / 2 - mean - 0.5) / Math.sqrt(variance);
  return clamp01(1 - 0.5 * (1 + errorFunction(z / Math.SQRT2)));
}

/** P(sum of a random subset of `doubled` ≥ `observed`), every subset equally likely. */
function exactUpperTail(doubled: readonly number[], observed: number): number {
  const total = doubled.reduce((a, b) => a + b, 0);
  let ways = new Float64Array(total + 1);
  ways[0] = 1;
  let reach = 0;
  for (const rank of doubled) {
    const next = ways.slice();
    for (let s = 0; s <= reach; s++) {
      const w = ways[s] as number;
      if (w !== 0) next[s + rank] = (next[s + rank] as number) + w;
    }
    reach += rank;
    ways = next;
  }
  let tail = 0;
  for (let s = observed; s <= total; s++) tail += ways[s] as number;
  return clamp01(tail / 2 ** doubled.length);
}

/** Every Walsh average (dᵢ + dⱼ)/2, i ≤ j, sorted ascending. */
function sortedWalshAverages(differences: readonly number[]): Float64Array {
  const n = differences.length;
  const walsh = new Float64Array((n * (n + 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      walsh[k++] = ((differences[i] as number) + (differences[j] as number)) / 2;
    }
  }
  return walsh.sort();
}

/** The median of values sorted ascending (the mean of the middle two for an even count). */
export function medianOfSorted(sorted: Float64Array): number {
  const m = sorted.length;
  return m % 2 === 1
    ? (sorted[(m - 1) / 2] as number)
    : ((sorted[m / 2 - 1] as number) + (sorted[m / 2] as number)) / 2;
}

/** Median of the Walsh averages (dᵢ + dⱼ)/2, i ≤ j, and the interval from their order statistics. */
function estimatePairedShift(
  differences: readonly number[],
  confidence: number,
): { shift: number; low: number; high: number } {
  const n = differences.length;
  const walsh = sortedWalshAverages(differences);
  const m = walsh.length;
  const shift = medianOfSorted(walsh);
  const z = probit(1 - (1 - confidence) / 2);
  const cut = Math.max(0, Math.floor(m / 2 - z * Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24)));
  const lowIndex = Math.min(cut, m - 1);
  return { shift, low: walsh[lowIndex] as number, high: walsh[m - 1 - lowIndex] as number };
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
