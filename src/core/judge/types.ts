/** The judge's output: per-metric comparisons, threshold results and the run's verdict. */
import type { Direction, Level, MetricName, MetricUnit, ThresholdRule } from '../rules/types.js';

/**
 * How sure a change is real: `mann-whitney` ranks per-second windows of both runs (a PR against
 * its baseline run); `between-runs` tests the current value against the values of the earlier
 * runs a rolling baseline was merged from (a scheduled run; see `testBetweenRuns`).
 */
export interface Significance {
  method: 'mann-whitney' | 'between-runs' | 'insufficient-data';
  /** One-sided p-value that the current run is worse; undefined when insufficient data. */
  pValue?: number;
  /** `mann-whitney`: the Hodges–Lehmann estimate of the shift (current − baseline) and its
   * confidence interval; `between-runs`: current − the earlier runs' mean, no interval. */
  shift?: number;
  low?: number;
  high?: number;
  confidence: number;
  /** Windows used from each run (0 for the between-run test, which uses none). */
  baselineWindows: number;
  currentWindows: number;
  /** Earlier runs the between-run test used (or had too few of); absent for the window test. */
  runs?: number;
}

export type ChangeStatus =
  | 'pass'
  | 'warn'
  | 'fail'
  | 'improved'
  /** Worse beyond the bars but not significant: reported, not gated. */
  | 'noise'
  /** Worse beyond the bars (warn or fail) on the first measurement but not on re-measuring
   * (`confirmVerdict`): reported, not gated. */
  | 'unconfirmed'
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
  /** The same metric re-measured (`confirmVerdict`): its value and the status it had on its
   * own. `current` and `status` above stay those of the first measurement (the candidate),
   * except that a breach not seen again becomes `unconfirmed`, and one seen again takes the
   * milder of the two levels. */
  confirmation?: { current: number; status: ChangeStatus };
}

export interface ThresholdResult {
  rule: ThresholdRule;
  value: number | undefined;
  level: Level;
  /** One line: `p95 412 ms > 300 ms (target)`. */
  message: string;
  /** Broken on the first measurement but met on re-measuring: `level` is then `pass` and
   * `message` says so (`confirmVerdict`). */
  unconfirmed?: true;
  /** The same rule on the re-measured run (`confirmVerdict`): its value and level there. */
  confirmation?: { value: number | undefined; level: Level };
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
  /** A rolling baseline: how many runs of the history it merges. Histories keep no service
   * time, so a report shows none for such a baseline. */
  mergedRuns?: number;
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
  /** Set by `confirmVerdict`: breaches of the first measurement (regression rows at warn or
   * fail, thresholds broken) that held on re-measuring, and those that did not. */
  confirmation?: { confirmed: number; unconfirmed: number };
}
