import type { Figures, TimelinePoint } from '../result/types.js';
import { evaluateThreshold } from './evaluate-thresholds.js';
import { judgeRegression } from './judge-regression.js';
import { METRIC_NAMES, METRICS, type RunExtras, readMetric } from './metrics.js';
import { indexRules, type RuleIndex, type ScopeRules } from './rule-index.js';
import type { Level, MetricName, Rules, ScenarioComparison } from './types.js';
import { readWindowSeries } from './window-series.js';

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
  return METRIC_NAMES.filter(
    (m) =>
      (ruled.has(m) || ALWAYS_SHOWN.includes(m) || (m === 'blockRate' && blocking)) &&
      (wholeRun || !METRICS[m].wholeRunOnly),
  );
}

/**
 * Compares one scope (the whole run or a scenario) with its baseline and checks its absolute
 * thresholds. Rules without `scenario` belong to the whole run; rules naming a scenario, to it.
 * Per-second windows (for the noise test) are read only when there is a baseline to test
 * against. Pass `index` when judging many scopes: building it is O(rules).
 */
export function judgeScope(
  scope: Scope,
  rules: Rules,
  index: RuleIndex = indexRules(rules),
): ScenarioComparison {
  const wholeRun = scope.name === 'all';
  const scopeRules = index.forScope(wholeRun ? undefined : scope.name);
  const metrics = pickMetrics(scope, scopeRules, wholeRun).map((metric) => {
    const info = METRICS[metric];
    const rule = scopeRules.regressions.get(metric);
    return judgeRegression(
      {
        metric,
        unit: info.unit,
        direction: info.direction,
        current: readMetric(scope.current.figures, metric, scope.current.extras),
        ...(scope.baseline
          ? {
              baseline: readMetric(scope.baseline.figures, metric, scope.baseline.extras),
              currentWindows: readWindowSeries(scope.current.timeline, metric),
              baselineWindows: readWindowSeries(scope.baseline.timeline, metric),
            }
          : {}),
      },
      rule,
      rules.settings,
    );
  });
  const thresholds = scopeRules.thresholds.map((rule) =>
    evaluateThreshold(rule, scope.current.figures, scope.current.extras),
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
