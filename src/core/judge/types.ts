/** The judge's output: per-metric comparisons, threshold results and the run's verdict. */
import type { Direction, Level, MetricName, MetricUnit, ThresholdRule } from '../rules/types.js';

/**
 * How sure a change is real: `mann-whitney` ranks per-second windows of both runs (a PR against
 * its baseline run); `between-runs` tests the current value against the values of the earlier
 * runs a rolling baseline was merged from (a scheduled run; see `testBetweenRuns`);
 * `paired-windows` tests the per-window differences of a side-by-side run, whose two targets
 * were measured over the same seconds (`testPairedWindows`; both window counts are the pairs).
 */
export interface Significance {
  method: 'mann-whitney' | 'between-runs' | 'paired-windows' | 'insufficient-data';
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
  /** A breach (warn or fail) accepted by the pull request's accept label (`acceptRegressions`):
   * gated as a warning, never a failure. */
  | 'accepted'
  | 'no-baseline';

export interface MetricComparison {
  metric: MetricName;
  unit: MetricUnit;
  direction: Direction;
  baseline?: number;
  current: number;
  /** current − baseline, in the metric's unit; side by side (`relativeFrom`), the median
   * per-window difference instead. */
  delta?: number;
  /** delta / baseline; undefined when the baseline is 0 or missing. Side by side, when every
   * paired window has a positive value, the median per-window ratio instead (`relativeFrom`). */
  relative?: number;
  /** `paired-windows`: `relative` and `delta` are the medians of the per-window ratios and
   * differences of a side-by-side run (`estimatePairedChange`), not read from the whole-run
   * `current` and `baseline`. */
  relativeFrom?: 'paired-windows';
  significance?: Significance;
  status: ChangeStatus;
  /** The rule that decided the status, for the report's tooltip/detail. */
  rule?: string;
  /** The same metric re-measured (`confirmVerdict`): its value and the status it had on its
   * own. `current` and `status` above stay those of the first measurement (the candidate),
   * except that a breach not seen again becomes `unconfirmed`, and one seen again takes the
   * milder of the two levels. */
  confirmation?: { current: number; status: ChangeStatus };
  /** Every re-measure of this row in order, when there was more than one (`confirm: N`);
   * `confirmation` is then the last of them. */
  confirmations?: { current: number; status: ChangeStatus }[];
  /** A pull request's regression row at fail that did not fail again on every re-measure
   * (`confirmVerdict` in mode `regressions`): `status` is then `warn`, and the row is shown
   * as unconfirmed (a scheduled run's unconfirmed row is `status: 'unconfirmed'`, not gated). */
  unconfirmed?: true;
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
  /** Every re-measure of this rule in order, when there was more than one (`confirm: N`). */
  confirmations?: { value: number | undefined; level: Level }[];
  /** Broken, but accepted by the pull request's accept label under `accept-scope: all`
   * (`acceptRegressions`): `level` is then `warn`. */
  accepted?: true;
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
  confirmation?: VerdictConfirmation;
  /** Set when the baseline is the other side of a side-by-side run (`--baseline-target`): the
   * baseline target's URL as its results file shows it (query values masked), and the windows
   * the whole run's p95 was paired over (the count the report states). */
  sideBySide?: { baselineTarget: string; pairedWindows: number };
  /** Set by `acceptRegressions` when the pull request carries (or carried) the accept label:
   * what was accepted, by whom, what lapsed or was refused, and why a label did not count. */
  acceptance?: VerdictAcceptance;
}

/** One breached row as accepted: its scope, metric and value, and the value it was accepted at. */
export interface AcceptedRowView {
  /** `all` for the whole run, else the scenario's name. */
  scope: string;
  metric: MetricName;
  unit: MetricUnit;
  /** `regression`: a row compared with the baseline; `threshold`: an absolute limit (SLO). */
  kind: 'regression' | 'threshold';
  /** The rule as written (`p95: +10 %`, `p95 < 300ms`). */
  rule: string;
  /** This run's value. */
  value: number;
  /** The value when the label was applied (this run's value on a fresh acceptance). */
  acceptedValue: number;
  /** The worst value that keeps the acceptance on a later commit (accepted value plus the
   * noise band), in the metric's unit. */
  keptUpTo: number;
  /** Accepted on an earlier commit and kept on this one (its value within `keptUpTo`). */
  carried?: true;
}

/** What the accept label did to a verdict (`acceptRegressions`). */
export interface VerdictAcceptance {
  label: string;
  /**
   * `accepted`: rows were accepted (or carried over from an earlier commit); `ignored`: the
   * label's latest application does not count (no write access, or applied before these
   * results were measured); `withdrawn`: the label was removed; `nothing-to-accept`: the label
   * is on, but nothing breached.
   */
  state: 'accepted' | 'ignored' | 'withdrawn' | 'nothing-to-accept';
  /** Login of who applied (or, `withdrawn`, removed) the label. */
  by?: string;
  /** ISO time of that label event. */
  at?: string;
  /** The commit whose values were accepted. */
  acceptedSha?: string;
  accepted: AcceptedRowView[];
  /** Rows accepted on an earlier commit that are now beyond their band: they gate again. */
  lapsed: AcceptedRowView[];
  /** Breaches the label could not accept, one line each (an SLO under `accept-scope:
   * regressions`, a row that first breached after the acceptance). */
  refused: string[];
  /** Why the label did not count (`ignored`, `withdrawn`), one line. */
  reason?: string;
  /** The verdict's level with accepted rows counted as passing: what `fail-on: warn` gates on,
   * so an accepted regression never fails the step. */
  gateLevel: Level;
  /** What later runs of the pull request read back (kept hidden in its comment): present while
   * the label's latest application counts. */
  record?: AcceptanceRecord;
}

/**
 * An acceptance as stored between runs: the label event that made it (its id, who, when), the
 * commit it accepted and each accepted row's value then. Later commits keep a row accepted only
 * while it stays within that value plus its noise band.
 */
export interface AcceptanceRecord {
  label: string;
  /** The issue event id of the `labeled` event: a new application of the label is a new id. */
  eventId: number;
  by: string;
  /** ISO time the label was applied. */
  at: string;
  /** The head commit whose results were accepted. */
  sha: string;
  rows: AcceptanceRecordRow[];
}

export interface AcceptanceRecordRow {
  scope: string;
  metric: MetricName;
  kind: 'regression' | 'threshold';
  /** The rule's source as written: thresholds are matched by it (a metric may have several). */
  rule: string;
  /** The accepted value, in the metric's base unit. */
  value: number;
}

/** How a verdict was confirmed by measuring again (`confirmVerdict`). */
export interface VerdictConfirmation {
  /** Breaches of the first measurement that held on every re-measure. */
  confirmed: number;
  /** Breaches that did not: shown as unconfirmed (a pull request's warn, a schedule's are not
   * gated). */
  unconfirmed: number;
  /** Re-measures made (1..5): fewer than asked when the rest could no longer change a row. */
  remeasures?: number;
  /** Re-measures asked for (`confirm: N`), when more than were made. */
  maxRemeasures?: number;
  /** Wall time all re-measures took, warm-up included, in ms (the app's clock). */
  remeasuredMs?: number;
  /** `regressions` for a pull request's confirmation (only regression rows at fail are
   * re-measured, thresholds never; unconfirmed rows warn); absent for a schedule's. */
  mode?: 'regressions';
  /** The verdict's level on the first measurement alone: what `confirm: 0` would have said. */
  firstLevel?: Level;
}
