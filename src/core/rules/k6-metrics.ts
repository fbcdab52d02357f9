/**
 * The k6 metrics loadgate measures, with k6's metric type and what each aggregation k6 allows
 * on that type judges here. Values are in k6's units, which are loadgate's base units:
 * milliseconds for durations, 0..1 for rates, per second for a counter's `rate`.
 */

import { percentileMetric } from './metrics.js';
import type { FixedMetricName, MetricName } from './types.js';

/** k6's metric types (k6 `metrics.MetricType`). */
export type K6MetricType = 'Counter' | 'Gauge' | 'Rate' | 'Trend';

/** A k6 aggregation method without a parameter; `p(N)` is the parametric one. */
export type K6Method = 'count' | 'rate' | 'value' | 'avg' | 'min' | 'max' | 'med';

/**
 * The aggregation methods k6 allows on each metric type (k6's
 * `MetricType.supportedAggregationMethods`); `p` stands for `p(N)`.
 */
export const K6_TYPE_METHODS: Readonly<Record<K6MetricType, readonly (K6Method | 'p')[]>> = {
  Counter: ['count', 'rate'],
  Gauge: ['value'],
  Rate: ['rate'],
  Trend: ['avg', 'min', 'max', 'med', 'p'],
};

interface K6Metric {
  type: K6MetricType;
  /** Each method k6 allows on the type → the metric it judges here (`p(N)`: any percentile). */
  methods: Readonly<Partial<Record<K6Method, FixedMetricName>>>;
  example: string;
}

const K6_METRICS: Readonly<Record<string, K6Metric>> = {
  http_req_duration: {
    type: 'Trend',
    methods: { avg: 'mean', min: 'min', max: 'max', med: 'p50' },
    example: 'p(95)<200',
  },
  http_req_failed: { type: 'Rate', methods: { rate: 'errorRate' }, example: 'rate<0.01' },
  http_reqs: { type: 'Counter', methods: { count: 'requests', rate: 'rps' }, example: 'rate>100' },
  dropped_iterations: {
    type: 'Counter',
    methods: { count: 'dropped', rate: 'droppedRps' },
    example: 'count<1',
  },
};

/** The k6 metrics a `thresholds` key may name. */
export const K6_METRIC_NAMES = Object.keys(K6_METRICS);

/** A k6 metric's type and the expression that shows its form (`p(95)<200`). */
export function describeK6Metric(k6Metric: string): { type: K6MetricType; example: string } {
  const known = K6_METRICS[k6Metric];
  if (known === undefined) throw new Error(`not a supported k6 metric: ${k6Metric}`);
  return { type: known.type, example: known.example };
}

/** The methods k6 allows on `k6Metric`, as written in expressions: `avg, min, max, med, p(N)`. */
export function listK6Methods(k6Metric: string): string[] {
  const type = K6_METRICS[k6Metric]?.type;
  return (type === undefined ? [] : K6_TYPE_METHODS[type]).map((m) => (m === 'p' ? 'p(N)' : m));
}

/** For the unknown-metric message: each supported k6 metric, its type, what each method becomes. */
export const K6_EQUIVALENTS = Object.entries(K6_METRICS)
  .map(([name, { type, methods }]) => {
    const parts = Object.entries(methods).map(([method, metric]) =>
      method === metric ? method : `${method} → ${metric}`,
    );
    if (type === 'Trend') parts.push('p(N) → pN');
    return `${name} (${type}: ${parts.join(', ')})`;
  })
  .join(', ');

/**
 * The metric an aggregation of `k6Metric` judges: `method` is a k6 method name, or `p` with
 * `percentile` (0..100) for `p(N)`. `undefined` when k6 does not allow that method on the
 * metric's type (`count` on the Rate `http_req_failed`, `value` on a Trend).
 */
export function resolveK6Aggregation(
  k6Metric: string,
  method: string,
  percentile?: number,
): MetricName | undefined {
  const known = K6_METRICS[k6Metric];
  if (known === undefined) return undefined;
  if (method === 'p') {
    return known.type === 'Trend' && percentile !== undefined
      ? percentileMetric(percentile)
      : undefined;
  }
  return known.methods[method as K6Method];
}

const KEY_RE = /^([a-z_]+)\s*(?:\{\s*([^:}]*?)\s*:\s*([^}]*?)\s*\})?$/;

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

/** Sub-metric tags a k6 key may carry: `{scenario:NAME}`, and `{name:NAME}` as its alias. */
export const K6_SCENARIO_TAGS = ['scenario', 'name'];

/** The JSON Schema pattern of `k6Metric`'s keys with a sub-metric (`http_req_duration{scenario:x}`),
 * the shape `readK6Key` splits, limited to the tags `K6_SCENARIO_TAGS`. */
export function k6SubMetricKeyPattern(k6Metric: string): string {
  return String.raw`^${k6Metric}\s*(\{\s*(${K6_SCENARIO_TAGS.join('|')})\s*:[^}]*\})?$`;
}
