import type {
  CompareSettings,
  Direction,
  MetricName,
  MetricUnit,
  RegressionRule,
} from '../rules/types.js';
import { compareWindows } from './rank-test.js';
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
}

/** The rank test on both runs' windows, or `insufficient-data` when either has too few. */
export function testSignificance(
  sample: MetricSample,
  direction: Exclude<Direction, 'none'>,
  confidence: number,
): Significance {
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
 * p below 1 − confidence). Past the bars but not significant → `noise`; past them with too
 * little data to tell → at most `warn` (never fail on what may be noise). Better by the same
 * bars, and significant → `improved` (when improvements are reported). A zero baseline makes
 * any worsening infinitely large in relative terms, so only the floor decides there.
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
  const delta = current - baseline;
  const relative = baseline !== 0 ? delta / baseline : undefined;
  const result: MetricComparison = {
    ...shown,
    baseline,
    delta,
    ...(relative !== undefined ? { relative } : {}),
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
    if (better.method === 'mann-whitney' && (better.pValue ?? 1) < alpha) {
      result.status = 'improved';
      result.significance = better;
    }
  }
  return result;
}
