import type { EntrySummary } from '../history/types.js';
import { METRIC_NAMES, METRICS, metricInfo, orderMetrics } from '../rules/metrics.js';
import type { RuleIndex, ScopeRules } from '../rules/rule-index.js';
import { formatMetricValue } from '../rules/rule-text.js';
import type { Condition, Level, MetricName, Rules, ThresholdRule } from '../rules/types.js';
import type { Figures, TimelinePoint } from '../stats/figures.js';
import { readRunValues } from './between-runs.js';
import { judgeRegression } from './judge-regression.js';
import { type PairedSeries, pairWindowSeries } from './paired-windows.js';
import { type RunExtras, readLatencyPercentiles, readMetric } from './read-metric.js';
import type { ScenarioComparison, ThresholdResult } from './types.js';
import { alignTimelines, readWindowSeries } from './window-series.js';

/** Shown for every scope, ruled or not, because readers look for them first. */
const ALWAYS_SHOWN: readonly MetricName[] = ['p50', 'p95', 'p99', 'errorRate', 'rps'];

export interface ScopeRun {
  figures: Figures;
  timeline: readonly TimelinePoint[];
  extras: RunExtras;
}

export interface Scope {
  /** `all` for the whole run, else the scenario's name. */
  name: string;
  category?: string;
  current: ScopeRun;
  baseline?: ScopeRun;
  /** This scope in each earlier run a rolling baseline was merged from: when given, changes
   * are tested against the spread between those runs, not the windows within them. */
  baselineRuns?: readonly EntrySummary[];
  /** The baseline is the other side of a side-by-side run (same seconds): windows are paired
   * and tested by their differences (`pairWindowSeries`, `testPairedWindows`). */
  paired?: boolean;
}

const RANK: Record<Level, number> = { pass: 0, warn: 1, fail: 2 };

export function worstLevel(levels: Iterable<Level>): Level {
  let worst: Level = 'pass';
  for (const level of levels) if (RANK[level] > RANK[worst]) worst = level;
  return worst;
}

/** Which metrics a scope's table shows: the ruled ones plus the usual ones (and blocking, when any). */
function pickMetrics(scope: Scope, scopeRules: ScopeRules, wholeRun: boolean): MetricName[] {
  const ruled = scopeRules.regressions;
  const blocking =
    scope.current.figures.blockRate > 0 || (scope.baseline?.figures.blockRate ?? 0) > 0;
  const named = METRIC_NAMES.filter(
    (m) =>
      (ruled.has(m) || ALWAYS_SHOWN.includes(m) || (m === 'blockRate' && blocking)) &&
      (wholeRun || !METRICS[m].wholeRunOnly),
  );
  const percentiles = [...ruled.keys()].filter((m) => metricInfo(m).fromHistogram);
  return percentiles.length === 0 ? named : orderMetrics([...named, ...percentiles]);
}

/**
 * `run` with the percentiles among `metrics` that `latencyMs` lacks (`p97.5`), read from its
 * latency histogram: decoded once per scope and run however many rules need it, and not at
 * all when none does.
 */
function addPercentiles(run: ScopeRun, metrics: Iterable<MetricName>): ScopeRun {
  const wanted = new Set<number>();
  for (const metric of metrics) {
    const info = metricInfo(metric);
    if (info.fromHistogram && info.percentile !== undefined) wanted.add(info.percentile);
  }
  if (wanted.size === 0) return run;
  const percentilesMs = readLatencyPercentiles(run.figures.histograms.latency, wanted);
  return { ...run, extras: { ...run.extras, percentilesMs } };
}

/**
 * Compares one scope (the whole run or a scenario) with its baseline and checks its absolute
 * thresholds. Rules without `scenario` belong to the whole run; rules naming a scenario, to it.
 * Per-second windows (for the noise test) are read only when there is a baseline to test
 * against and no earlier runs (`baselineRuns`) to test against instead. `index` is `rules`
 * grouped by scope (`indexRules`), built once for every scope.
 */
export function judgeScope(scope: Scope, rules: Rules, index: RuleIndex): ScenarioComparison {
  const wholeRun = scope.name === 'all';
  const scopeRules = index.forScope(wholeRun ? undefined : scope.name);
  const compared = [...scopeRules.regressions.keys()];
  const checked = scopeRules.thresholds.map((rule) => rule.metric);
  const current = addPercentiles(scope.current, [...compared, ...checked]);
  const baseline = scope.baseline && addPercentiles(scope.baseline, compared);
  // One grid for both runs' windows, built once for every metric (a soak's are regrouped).
  const windows =
    baseline && !scope.baselineRuns && !scope.paired
      ? alignTimelines(current.timeline, baseline.timeline)
      : undefined;
  const paired = baseline && !scope.baselineRuns && scope.paired;
  const metrics = pickMetrics(scope, scopeRules, wholeRun).map((metric) => {
    const info = metricInfo(metric);
    const rule = scopeRules.regressions.get(metric);
    return judgeRegression(
      {
        metric,
        unit: info.unit,
        direction: info.direction,
        current: readMetric(current.figures, metric, current.extras),
        ...(baseline
          ? {
              baseline: readMetric(baseline.figures, metric, baseline.extras),
              ...(scope.baselineRuns
                ? { baselineRuns: readRunValues(scope.baselineRuns, metric) }
                : paired
                  ? pairedSample(current.timeline, baseline.timeline, metric)
                  : windows
                    ? {
                        currentWindows: readWindowSeries(windows.current, metric),
                        baselineWindows: readWindowSeries(windows.baseline, metric),
                      }
                    : {}),
            }
          : {}),
      },
      rule,
      rules.settings,
    );
  });
  const thresholds = scopeRules.thresholds.map((rule) =>
    evaluateThreshold(rule, current.figures, current.extras),
  );
  const level = worstLevel([
    ...thresholds.map((t) => t.level),
    ...metrics.map((m) => (m.status === 'fail' || m.status === 'warn' ? m.status : 'pass')),
  ]);
  return {
    name: scope.name,
    ...(scope.category ? { category: scope.category } : {}),
    metrics,
    thresholds,
    level,
  };
}

/** The paired windows of a metric that has them; none (no significance test) otherwise. */
function pairedSample(
  current: readonly TimelinePoint[],
  baseline: readonly TimelinePoint[],
  metric: MetricName,
): { pairedWindows?: PairedSeries } {
  const pairedWindows = pairWindowSeries(current, baseline, metric);
  return pairedWindows === undefined ? {} : { pairedWindows };
}

/** Whether `value` meets the condition; `==` and `!=` compare exactly, as k6 does. */
export function meets(condition: Condition, value: number): boolean {
  switch (condition.op) {
    case '<':
      return value < condition.value;
    case '<=':
      return value <= condition.value;
    case '>':
      return value > condition.value;
    case '>=':
      return value >= condition.value;
    case '==':
      return value === condition.value;
    case '!=':
      return value !== condition.value;
  }
}

/**
 * Checks one absolute threshold against measured figures: `failUnless` broken → fail,
 * otherwise `warnUnless` (the target) broken → warn. A metric that was not measured (send lag
 * of a closed-model run) passes with a note rather than failing on a missing number.
 */
export function evaluateThreshold(
  rule: ThresholdRule,
  figures: Figures,
  extras: RunExtras,
): ThresholdResult {
  const { unit, label } = metricInfo(rule.metric);
  const value = readMetric(figures, rule.metric, extras);
  const where = rule.scenario ? `${rule.scenario}: ` : '';
  if (!Number.isFinite(value)) {
    return { rule, value: undefined, level: 'pass', message: `${where}${label} not measured` };
  }
  const shown = formatMetricValue(unit, value);
  const needs = (c: Condition, tier: string) =>
    `${where}${label} ${shown}, needs ${c.op} ${formatMetricValue(unit, c.value)} (${tier})`;
  let level: Level = 'pass';
  let message = `${where}${label} ${shown}`;
  if (rule.failUnless && !meets(rule.failUnless, value)) {
    level = 'fail';
    message = needs(rule.failUnless, 'critical');
  } else if (rule.warnUnless && !meets(rule.warnUnless, value)) {
    level = 'warn';
    message = needs(rule.warnUnless, 'target');
  }
  return { rule, value, level, message };
}
