/**
 * The between-run noise test of a scheduled run: is this run's value out of line with the
 * earlier runs its rolling baseline was merged from? Runs on shared CI machines differ more
 * from each other than the seconds within one run do, so the spread between runs, not within
 * one, is the noise a scheduled run is judged against.
 */
import type { EntrySummary } from '../history/types.js';
import type { Direction, MetricName } from '../rules/types.js';
import { studentTCdf } from './student-t.js';
import type { Significance } from './types.js';

/** Fewer earlier runs than this, and the spread between runs is not estimated. */
export const MIN_RUNS = 2;

type EntryReader = (s: EntrySummary) => number;

/** The metrics a history entry keeps, and where. */
const ENTRY_READERS: Partial<Record<MetricName, EntryReader>> = {
  p50: (s) => s.latencyMs.p50,
  p90: (s) => s.latencyMs.p90,
  p95: (s) => s.latencyMs.p95,
  p99: (s) => s.latencyMs.p99,
  p999: (s) => s.latencyMs.p999,
  max: (s) => s.latencyMs.max,
  mean: (s) => s.latencyMs.mean,
  errorRate: (s) => s.errorRate,
  blockRate: (s) => s.blockRate,
  dropRate: (s) => s.dropRate,
  rps: (s) => s.rps,
  requests: (s) => s.requests,
  dropped: (s) => s.dropped,
};

/**
 * One metric of a history entry's scope (`overall` or a scenario), in the metric's base unit.
 * @returns undefined for metrics an entry does not keep (`min`, `p97.5`, `sendLagP99`,
 * `droppedRps`) and for a value that is not a finite number.
 */
export function readEntryMetric(summary: EntrySummary, metric: MetricName): number | undefined {
  const value = ENTRY_READERS[metric]?.(summary);
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** A metric's value in each of some runs' scopes, leaving out runs that lack it. */
export function readRunValues(summaries: readonly EntrySummary[], metric: MetricName): number[] {
  const values: number[] = [];
  for (const summary of summaries) {
    const value = readEntryMetric(summary, metric);
    if (value !== undefined) values.push(value);
  }
  return values;
}

/**
 * One-sided Student-t *prediction* test: how likely is a value at least as bad as `current`
 * from the distribution the earlier runs were drawn from? With the runs' mean m, sample
 * standard deviation s and count n: t = (current − m) / (s·√(1 + 1/n)), df = n − 1, and
 * p = P(T ≥ t) when higher is worse (latency, error rates), P(T ≤ t) when lower is worse
 * (throughput). The √(1 + 1/n) widens the spread for the uncertainty of m itself.
 * Assumes the runs' values are independent draws of one normal distribution (no trend).
 * @param runs the metric's value in each earlier run (non-finite ones are left out).
 * @param direction which way is worse.
 * @param confidence recorded in the result (e.g. 0.95); the caller compares p with 1 − it.
 * @returns `insufficient-data` with fewer than `MIN_RUNS` runs; with runs that are all equal
 * (s = 0): p = 0 when `current` is worse than them, else 1. `shift` is current − m.
 */
export function testBetweenRuns(
  current: number,
  runs: readonly number[],
  direction: Exclude<Direction, 'none'>,
  confidence: number,
): Significance {
  const values = runs.filter((v) => Number.isFinite(v));
  const n = values.length;
  const base = { confidence, baselineWindows: 0, currentWindows: 0, runs: n };
  if (n < MIN_RUNS || !Number.isFinite(current)) return { method: 'insufficient-data', ...base };
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const shift = current - mean;
  const worse = direction === 'lower-is-better' ? shift : -shift;
  // Equal values can leave a rounding residue in the mean; they have no spread at all.
  const allEqual = values.every((v) => v === values[0]);
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  const sd = allEqual ? 0 : Math.sqrt(squares / (n - 1));
  let pValue: number;
  if (sd === 0) {
    const reference = values[0] as number;
    const isWorse = direction === 'lower-is-better' ? current > reference : current < reference;
    pValue = isWorse ? 0 : 1;
  } else {
    const t = worse / (sd * Math.sqrt(1 + 1 / n));
    // The upper tail taken directly: 1 − T(t) would lose every digit of a small p.
    pValue = studentTCdf(-t, n - 1);
  }
  return { method: 'between-runs', pValue, shift, ...base };
}
