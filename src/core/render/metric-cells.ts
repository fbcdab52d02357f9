import { formatPercent, signOf } from '../input/format-units.js';
import { formatMetricDelta, formatMetricValue } from '../rules/format-metric.js';
import { lookupMetric } from '../rules/metrics.js';
import type { MetricName, MetricUnit } from '../rules/types.js';

/** Cells of the comparison tables: metric names, values, signed changes, p-values. */

/** How the registry names a metric for reports (`p99.9`, `error rate`); unknown: as given. */
export function labelMetric(metric: MetricName): string {
  return lookupMetric(metric)?.label ?? metric;
}

/** The unit a metric's values are in (`count` for an unknown name). */
export function unitOfMetric(metric: MetricName): MetricUnit {
  return lookupMetric(metric)?.unit ?? 'count';
}

/** A value in its unit, readable ("12.3 ms", "734 µs", "1.2 %", "1,235 req/s"); "–" if none. */
export function formatValueCell(value: number | undefined, unit: MetricUnit): string {
  return value === undefined ? '–' : formatMetricValue(unit, value);
}

/**
 * A difference in the metric's unit, signed: "+1.2 ms", "−800 µs", "+12 req/s", "+3".
 * Differences of fractions are percentage points ("+0.5 pp"), not percent of percent.
 */
export function formatSignedDelta(delta: number, unit: MetricUnit): string {
  if (unit !== 'fraction') return formatMetricDelta(unit, delta);
  if (!Number.isFinite(delta)) return '–';
  return `${signOf(delta)}${formatPercent(Math.abs(delta)).replace(/ %$/, ' pp')}`;
}

/** Divisor and suffix that show `ms` readably: µs below 1 ms, s from 1,000 ms. */
function latencyScale(ms: number): [number, string] {
  if (ms >= 1000) return [1000, 's'];
  return ms >= 1 ? [1, 'ms'] : [0.001, 'µs'];
}

/**
 * A range of signed differences, the unit once: "+0.8…+1.6 ms", "−300…+600 µs". Latency ends
 * share the unit that suits the larger one; other units are written in full.
 */
export function formatSignedRange(low: number, high: number, unit: MetricUnit): string {
  if (unit !== 'ms' || !Number.isFinite(low) || !Number.isFinite(high)) {
    return `${formatSignedDelta(low, unit)}…${formatSignedDelta(high, unit)}`;
  }
  const [divisor, suffix] = latencyScale(Math.max(Math.abs(low), Math.abs(high)));
  const end = (ms: number) =>
    `${signOf(ms)}${String(Number(Math.abs(ms / divisor).toPrecision(3)))}`;
  return `${end(low)}…${end(high)} ${suffix}`;
}

/** A p-value with two significant digits, bounded for display: "0.003", "0.21", "< 0.001". */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p < 0.001) return '< 0.001';
  if (p > 0.99) return '> 0.99';
  return String(Number(p.toPrecision(2)));
}
