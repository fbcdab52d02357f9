/**
 * Rules, comparisons and verdicts: what `loadgate compare` decides and the report renders.
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
  | 'sendLagP99';

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

/** How sure a latency change is real, from per-second windows of both runs. */
export interface Significance {
  method: 'mann-whitney' | 'insufficient-data';
  /** One-sided p-value that the current run is worse; undefined when insufficient data. */
  pValue?: number;
  /** Hodges–Lehmann estimate of the shift (current − baseline) and its confidence interval. */
  shift?: number;
  low?: number;
  high?: number;
  confidence: number;
  /** Windows used from each run. */
  baselineWindows: number;
  currentWindows: number;
}

export type ChangeStatus =
  | 'pass'
  | 'warn'
  | 'fail'
  | 'improved'
  /** Worse beyond the bars but not significant: reported, not gated. */
  | 'noise'
  | 'no-baseline';

export interface MetricComparison {
  metric: MetricName;
  unit: MetricUnit;
  direction: Direction;
  baseline?: number;
  current: number;
  /** current − baseline, in the metric's unit. */
  delta?: number;
  /** delta / baseline; undefined when the baseline is 0 or missing. */
  relative?: number;
  significance?: Significance;
  status: ChangeStatus;
  /** The rule that decided the status, for the report's tooltip/detail. */
  rule?: string;
}

export interface ThresholdResult {
  rule: ThresholdRule;
  value: number | undefined;
  level: Level;
  /** One line: `p95 412 ms > 300 ms (target)`. */
  message: string;
}

export interface ScenarioComparison {
  /** `all` for the whole run. */
  name: string;
  category?: string;
  metrics: MetricComparison[];
  thresholds: ThresholdResult[];
  level: Level;
}

export interface BaselineInfo {
  commit?: string;
  ref?: string;
  runId?: string;
  runUrl?: string;
  /** ISO date the baseline was measured. */
  date?: string;
}

export interface Verdict {
  level: Level;
  /** One line each, worst first: what made the verdict what it is. */
  reasons: string[];
  scenarios: ScenarioComparison[];
  hasBaseline: boolean;
  baseline?: BaselineInfo;
  /** Run-health remarks (dropped load, generator lag, interruption). */
  runWarnings: string[];
  rulesDefaulted: boolean;
}

/** A JSON Schema (draft 2020-12) fragment, as the rule parsers describe their input for editors. */
export type JsonSchema = { [keyword: string]: unknown };

/** A rules section's JSON Schema and the `$defs` (at the document's root) it refers to. */
export interface SectionJsonSchema {
  schema: JsonSchema;
  defs: Record<string, JsonSchema>;
}
