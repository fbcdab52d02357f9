/**
 * Rules: thresholds and regressions as the profile writes them, parsed (the judge's verdict
 * types live in judge/types.ts).
 * All values are in the metric's base unit: milliseconds for latency, a 0..1 fraction for
 * rates, requests per second for `rps`, a plain count for counts.
 */

/** Metrics with a name of their own. Latency ones are from the intended send time (the headline). */
export type FixedMetricName =
  | 'p50'
  | 'p90'
  | 'p95'
  | 'p99'
  | 'p999'
  | 'max'
  | 'mean'
  | 'min'
  | 'errorRate'
  | 'blockRate'
  | 'dropRate'
  | 'rps'
  | 'requests'
  | 'dropped'
  | 'droppedRps'
  | 'sendLagP99'
  | 'startSkew';

/**
 * Any other latency percentile, 0 < q < 100: `p97.5`, `p99.99`. Always spelt by
 * `percentileMetric` (`p97.5`, never `p97.50`); p50, p90, p95, p99, p99.9, p0 and p100 are the
 * fixed names p50, p90, p95, p99, p999, min and max.
 */
export type PercentileMetricName = `p${number}`;

/** Metrics rules can name; `metricInfo` (metrics.ts) says what each one is. */
export type MetricName = FixedMetricName | PercentileMetricName;

export type MetricUnit = 'ms' | 'fraction' | 'rps' | 'count';

/** Which way is worse. `none`: no default direction (blockRate: good for a WAF probe, bad for a
 * normal page), so rules on it must say `<` or `>`. */
export type Direction = 'lower-is-better' | 'higher-is-better' | 'none';

export type Level = 'pass' | 'warn' | 'fail';

/**
 * A condition a value must meet, e.g. `<= 300` (ms) or `>= 0.99`. `==` and `!=` come from k6
 * thresholds only (k6's `===` is read as `==`): exact comparisons, as k6 makes them.
 */
export interface Condition {
  op: '<' | '<=' | '>' | '>=' | '==' | '!=';
  value: number;
}

/**
 * An absolute threshold: `failUnless` must hold or the gate fails; `warnUnless` (the target)
 * must hold or it warns (the "degraded" band lies between the two).
 */
export interface ThresholdRule {
  metric: MetricName;
  /** Undefined: the whole run; otherwise the scenario's name. */
  scenario?: string;
  warnUnless?: Condition;
  failUnless?: Condition;
  /** Stop the run as soon as `failUnless` is broken (k6's abortOnFail). */
  abortOnFail?: boolean;
  /** With abortOnFail: do not judge before this much of the measured window has run. */
  abortGraceMs?: number;
  /** How the user wrote it, for reports: `p95 < 300ms`, `http_req_duration p(95)<200`. */
  source: string;
}

/**
 * A regression limit against the baseline. Worse by more than `warnRelative` / `failRelative`
 * (fractions: 0.1 = 10 %) AND by at least `floor` (the metric's unit) AND unlikely to be noise.
 */
export interface RegressionRule {
  metric: MetricName;
  scenario?: string;
  warnRelative?: number;
  failRelative?: number;
  floor: number;
  /** Needed only for metrics without a natural direction (blockRate). */
  direction?: Exclude<Direction, 'none'>;
  source: string;
}

export interface CompareSettings {
  /** Report better-than-baseline changes that clear the same bars. */
  reportImprovements: boolean;
  /** Confidence wanted before a latency change counts as real (0.95 = 95 %). */
  confidence: number;
}

export interface Rules {
  thresholds: ThresholdRule[];
  regressions: RegressionRule[];
  settings: CompareSettings;
  /** True when the profile had no rules and the defaults were used. */
  defaulted: boolean;
}

/** A JSON Schema (draft 2020-12) fragment, as the rule parsers describe their input for editors. */
export type JsonSchema = { [keyword: string]: unknown };

/** A rules section's JSON Schema and the `$defs` (at the document's root) it refers to. */
export interface SectionJsonSchema {
  schema: JsonSchema;
  defs: Record<string, JsonSchema>;
}
