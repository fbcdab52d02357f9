/** The judge's output: per-metric comparisons, threshold results and the run's verdict. */
import type { Direction, Level, MetricName, MetricUnit, ThresholdRule } from '../rules/types.js';

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
