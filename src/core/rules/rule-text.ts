/**
 * How rules are written back for reports (`p99 <= 300 ms (target), <= 500 ms (critical)`).
 * Exact, not rounded like the report's measured figures: a limit is what the user wrote, and
 * `1234ms` shown as `1.23 s` would misquote it.
 */

import { formatCount, formatLatencyMs, formatPercent, formatRate } from '../input/format-units.js';
import { metricInfo } from './metrics.js';
import type { Condition, MetricName, MetricUnit } from './types.js';

/** Drops float noise (0.07 * 100 = 7.000000000000001) without rounding what anyone writes. */
function trimFloat(value: number): number {
  return Number(value.toPrecision(12));
}

/** A 0..1 fraction (or a relative change) as a percentage: 0.015 → `1.5 %`. */
export function formatPercentValue(fraction: number): string {
  return `${trimFloat(fraction * 100)} %`;
}

/** A value in `metric`'s base unit: `300 ms`, `1 %`, `95/s`, `0`. */
export function formatLimitValue(metric: MetricName, value: number): string {
  switch (metricInfo(metric).unit) {
    case 'ms':
      return `${trimFloat(value)} ms`;
    case 'fraction':
      return formatPercentValue(value);
    case 'rps':
      return `${trimFloat(value)}/s`;
    case 'count':
      return String(value);
  }
}

/** `<= 300 ms`, `> 0 %`. */
export function describeCondition(metric: MetricName, condition: Condition): string {
  return `${condition.op} ${formatLimitValue(metric, condition.value)}`;
}

/**
 * A regression rule for reports: `p95 up by > 10 % (warn), > 20 % (fail), at least 2 ms`;
 * `rps down by > 10 % (fail), at least 5/s`. `direction` is the one that makes it worse.
 */
export function describeRegression(
  metric: MetricName,
  direction: 'lower-is-better' | 'higher-is-better',
  limits: { warnRelative?: number; failRelative?: number; floor: number },
): string {
  const parts: string[] = [];
  if (limits.warnRelative !== undefined)
    parts.push(`> ${formatPercentValue(limits.warnRelative)} (warn)`);
  if (limits.failRelative !== undefined)
    parts.push(`> ${formatPercentValue(limits.failRelative)} (fail)`);
  const change = direction === 'lower-is-better' ? 'up' : 'down';
  return `${metric} ${change} by ${parts.join(', ')}, at least ${formatLimitValue(metric, limits.floor)}`;
}

/** A metric value in its unit's readable form: `412 ms`, `1.2 %`, `980 req/s`, `3`. */
export function formatMetricValue(unit: MetricUnit, value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (unit === 'ms') return formatLatencyMs(value);
  if (unit === 'fraction') return formatPercent(value);
  if (unit === 'rps') return formatRate(value);
  return formatCount(value);
}

/** A signed difference in the metric's unit: `+1.2 ms`, `−0.5 %`, `+12 req/s`. */
export function formatMetricDelta(unit: MetricUnit, delta: number): string {
  if (!Number.isFinite(delta)) return '–';
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  return `${sign}${formatMetricValue(unit, Math.abs(delta))}`;
}
