/**
 * The k6 metrics and threshold expressions loadgate understands, mapped onto its own metrics:
 * enough to paste the thresholds of a typical k6 HTTP test. Numbers are k6's units
 * (milliseconds for durations, 0..1 for rates).
 */
import { describeValue } from '../profile/issue-text.js';
import { METRICS, parseMetricValue, VALUE_FORMS } from './metrics.js';
import type { Condition, MetricName } from './types.js';

interface K6Metric {
  /** Aggregation as written in k6 (`p(95)`, `avg`) → the metric it judges here. */
  aggregations: Readonly<Record<string, MetricName>>;
  example: string;
}

const K6_METRICS: Readonly<Record<string, K6Metric>> = {
  http_req_duration: {
    aggregations: {
      'p(50)': 'p50',
      'p(90)': 'p90',
      'p(95)': 'p95',
      'p(99)': 'p99',
      'p(99.9)': 'p999',
      avg: 'mean',
      med: 'p50',
      max: 'max',
    },
    example: 'p(95)<200',
  },
  http_req_failed: { aggregations: { rate: 'errorRate' }, example: 'rate<0.01' },
  http_reqs: { aggregations: { rate: 'rps' }, example: 'rate>100' },
  dropped_iterations: { aggregations: { count: 'dropped' }, example: 'count<1' },
};

/** For the unknown-metric message: each supported k6 metric and what it becomes here. */
export const K6_EQUIVALENTS =
  'http_req_duration (→ p50, p90, p95, p99, p999, mean, max), http_req_failed (→ errorRate), http_reqs (→ rps), dropped_iterations (→ dropped)';

const KEY_RE = /^([a-z_]+)\s*(?:\{\s*([^:}]*?)\s*:\s*([^}]*?)\s*\})?$/;
const EXPRESSION_RE = /^\s*([a-z]+(?:\(\s*[\d.]+\s*\))?)\s*(===?|!=|<=|>=|<|>)\s*(.*?)\s*$/;
const LIMIT_OPS: readonly string[] = ['<', '<=', '>', '>='];

/** A threshold key split up: `http_req_duration{scenario:search}` → metric, tag, tag value. */
export interface K6Key {
  metric: string;
  tag?: { name: string; value: string };
  /** An expression that shows the form, for messages: `p(95)<200`. */
  example: string;
}

/** Splits a key naming a supported k6 metric; `undefined` for any other key. */
export function readK6Key(key: string): K6Key | undefined {
  const [metric, tagName, tagValue] = KEY_RE.exec(key)?.slice(1) ?? [];
  const known = metric === undefined ? undefined : K6_METRICS[metric];
  if (metric === undefined || known === undefined) return undefined;
  const tag =
    tagName === undefined || tagValue === undefined
      ? {}
      : { tag: { name: tagName, value: tagValue } };
  return { metric, ...tag, example: known.example };
}

/** `p(95.0)` → `p(95)`, so equal percentiles are found whatever their spelling. */
function normalizeAggregation(text: string): string {
  const percentile = /^p\(\s*([\d.]+)\s*\)$/.exec(text)?.[1];
  return percentile === undefined ? text : `p(${Number(percentile)})`;
}

/**
 * Reads one k6 expression (`p(95)<200`, `rate<0.01`) of `k6Metric` into the metric it judges
 * and the condition that must hold; or the message saying what is wrong with it.
 */
export function readK6Expression(
  k6Metric: string,
  expression: string,
): { ok: true; metric: MetricName; condition: Condition } | { ok: false; message: string } {
  const got = describeValue(expression);
  const aggregations = K6_METRICS[k6Metric]?.aggregations ?? {};
  const [aggregation, op, valueText = ''] = EXPRESSION_RE.exec(expression)?.slice(1) ?? [];
  if (aggregation === undefined || op === undefined) {
    return { ok: false, message: `expected a k6 threshold like "p(95)<200", got ${got}` };
  }
  const metric = aggregations[normalizeAggregation(aggregation)];
  if (metric === undefined) {
    const supported = Object.keys(aggregations).join(', ');
    return { ok: false, message: `expected one of ${supported} for ${k6Metric}, got ${got}` };
  }
  if (!LIMIT_OPS.includes(op)) {
    return {
      ok: false,
      message: `expected a comparator <, <=, > or >= (a limit cannot be ${op}), got ${got}`,
    };
  }
  const value = parseMetricValue(metric, valueText);
  if (value === undefined) {
    const form = VALUE_FORMS[METRICS[metric].unit];
    return { ok: false, message: `expected ${form} after "${op}", got ${got}` };
  }
  return { ok: true, metric, condition: { op: op as Condition['op'], value } };
}
