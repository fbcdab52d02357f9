import { formatCount, formatLatencyMs, formatPercent, formatRate } from '../input/format-units.js';
import type { MetricUnit } from './types.js';

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
