/**
 * The metric registry: for every `MetricName` its unit, which way is worse, its report label and
 * where a results file keeps it. Rules, comparisons and reports all read metrics through here,
 * so a metric means the same thing everywhere.
 */
import { parseCount, parseDurationMs, parsePercent, parseRatePerSec } from '../profile/units.js';
import type { Figures } from '../result/types.js';
import type { Direction, MetricName, MetricUnit } from './types.js';

/** Values only the whole run has (the generator's send lag is not split by scenario). */
export interface RunExtras {
  /** 99th percentile of the generator's send lag, in ms (`sendLagMs.p99` of the results file). */
  sendLagP99?: number;
}

export interface MetricInfo {
  unit: MetricUnit;
  /** Which way is worse; `none` for blockRate, whose rules must say `<` or `>` themselves. */
  direction: Direction;
  /** How reports name it: `p95`, `error rate`, `throughput`. */
  label: string;
  /** True for metrics that exist only for the whole run, never per scenario. */
  wholeRunOnly: boolean;
  read: (figures: Figures, extras: RunExtras) => number;
}

const LOWER: Direction = 'lower-is-better';

function define(
  unit: MetricUnit,
  direction: Direction,
  label: string,
  read: MetricInfo['read'],
  wholeRunOnly = false,
): MetricInfo {
  return { unit, direction, label, wholeRunOnly, read };
}

function latency(key: keyof Figures['latencyMs'], label: string): MetricInfo {
  return define('ms', LOWER, label, (f) => f.latencyMs[key]);
}

/** Every metric rules can name, in the order reports list them. */
export const METRICS: Readonly<Record<MetricName, MetricInfo>> = {
  p50: latency('p50', 'p50'),
  p90: latency('p90', 'p90'),
  p95: latency('p95', 'p95'),
  p99: latency('p99', 'p99'),
  p999: latency('p999', 'p99.9'),
  max: latency('max', 'max'),
  mean: latency('mean', 'mean'),
  errorRate: define('fraction', LOWER, 'error rate', (f) => f.errorRate),
  blockRate: define('fraction', 'none', 'block rate', (f) => f.blockRate),
  dropRate: define('fraction', LOWER, 'drop rate', (f) => f.dropRate),
  rps: define('rps', 'higher-is-better', 'throughput', (f) => f.throughput.rps),
  dropped: define('count', LOWER, 'dropped', (f) => f.totals.dropped),
  // The results file keeps send lag for the whole run only (`sendLagMs`), hence `extras`.
  sendLagP99: define('ms', LOWER, 'send lag p99', (_, x) => x.sendLagP99 ?? Number.NaN, true),
};

/** Metric names in registry order. */
export const METRIC_NAMES = Object.keys(METRICS) as readonly MetricName[];

/** True when `name` is a `MetricName` (case-sensitive, as written in profiles). */
export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

/**
 * Reads `metric` from a results-file `Figures` (the whole run or one scenario), in the metric's
 * base unit. `sendLagP99` comes from `extras` (the results file keeps it at the top level only)
 * and is `NaN` without it, which comparisons must treat as "not measured"; `parseRules` never
 * makes scenario rules for it.
 */
export function readMetric(figures: Figures, metric: MetricName, extras: RunExtras = {}): number {
  return METRICS[metric].read(figures, extras);
}

/** How a value in each unit may be written, for `expected …` messages. */
export const VALUE_FORMS: Readonly<Record<MetricUnit, string>> = {
  ms: 'a latency like 300ms, 1.5s or 300 (ms)',
  fraction: 'a percentage like 1% or a fraction from 0 to 1 like 0.01',
  rps: 'a rate like 100 or 100/s',
  count: 'a whole number like 0',
};

const PLAIN_NUMBER_RE = /^\d+(?:\.\d+)?$/;

/** `"0.01"` → 0.01: comparator strings (`>= 0.99`) and k6 expressions carry numbers as text. */
function readPlainNumber(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  const text = input.trim();
  return PLAIN_NUMBER_RE.test(text) ? Number(text) : undefined;
}

function parseFraction(input: string | number): number | undefined {
  const plain = readPlainNumber(input);
  const fraction = plain ?? (typeof input === 'string' ? parsePercent(input) : undefined);
  // Rates cannot exceed 100 %; `errorRate: 5` is far more likely "5 %" than a rule that never fails.
  return fraction !== undefined && fraction <= 1 ? fraction : undefined;
}

/**
 * Reads a value written in `metric`'s unit, returning the base unit, or `undefined` when it is
 * malformed, negative or out of range:
 * - ms (latency, send lag): `300ms`, `1.5s`, `1m`; a bare number (`300`, `"300"`) means ms,
 *   as in k6's thresholds (profile durations refuse bare numbers: there the unit is ambiguous).
 * - fraction (rates): `1%`, `0.5 %`, or a number 0..1 (`0.01`, `"0.01"`); above 100 % is invalid.
 * - rps: `100`, `100/s`, `6000/m` (see `parseRatePerSec`).
 * - count: a whole number (`0`, `"3"`).
 */
export function parseMetricValue(metric: MetricName, input: string | number): number | undefined {
  switch (METRICS[metric].unit) {
    case 'ms':
      return (
        readPlainNumber(input) ?? (typeof input === 'string' ? parseDurationMs(input) : undefined)
      );
    case 'fraction':
      return parseFraction(input);
    case 'rps':
      return parseRatePerSec(input);
    case 'count':
      return parseCount(input);
  }
}
