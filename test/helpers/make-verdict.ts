import type {
  ChangeStatus,
  MetricComparison,
  ScenarioComparison,
  Significance,
  ThresholdResult,
  Verdict,
} from '../../src/core/judge/types.js';
import type {
  Direction,
  Level,
  MetricName,
  MetricUnit,
  ThresholdRule,
} from '../../src/core/rules/types.js';

const UNITS: Partial<Record<MetricName, MetricUnit>> = {
  errorRate: 'fraction',
  blockRate: 'fraction',
  dropRate: 'fraction',
  rps: 'rps',
  dropped: 'count',
};
const DIRECTIONS: Partial<Record<MetricName, Direction>> = {
  rps: 'higher-is-better',
  blockRate: 'none',
};
const SEVERITY: Record<Level, number> = { pass: 0, warn: 1, fail: 2 };

/** The worst of some levels (`pass` for none). */
export function worstLevel(levels: readonly Level[]): Level {
  return levels.reduce<Level>((worst, l) => (SEVERITY[l] > SEVERITY[worst] ? l : worst), 'pass');
}

/**
 * One metric's comparison; delta and relative follow from baseline and current, the status is
 * `pass` (or `no-baseline` without one) unless given.
 */
export function makeMetric(
  metric: MetricName,
  baseline: number | undefined,
  current: number,
  extra: Partial<MetricComparison> = {},
): MetricComparison {
  const delta = baseline === undefined ? undefined : current - baseline;
  const status: ChangeStatus = baseline === undefined ? 'no-baseline' : 'pass';
  return {
    metric,
    unit: UNITS[metric] ?? 'ms',
    direction: DIRECTIONS[metric] ?? 'lower-is-better',
    ...(baseline === undefined ? {} : { baseline, delta }),
    ...(baseline && delta !== undefined ? { relative: delta / baseline } : {}),
    current,
    status,
    ...extra,
  };
}

/** A Mann–Whitney result: shift and interval in the metric's unit. */
export function makeSignificance(overrides: Partial<Significance> = {}): Significance {
  return {
    method: 'mann-whitney',
    pValue: 0.003,
    shift: 1.2,
    low: 0.8,
    high: 1.6,
    confidence: 0.95,
    baselineWindows: 30,
    currentWindows: 30,
    ...overrides,
  };
}

/** An absolute threshold's result. */
export function makeThreshold(
  rule: ThresholdRule,
  value: number | undefined,
  level: Level,
  message: string,
): ThresholdResult {
  return { rule, value, level, message };
}

/** A scenario's comparison; its level is the worst of its metrics and thresholds unless given. */
export function makeScenario(
  name: string,
  metrics: MetricComparison[],
  extra: Partial<ScenarioComparison> = {},
): ScenarioComparison {
  const thresholds = extra.thresholds ?? [];
  const levels = [
    ...metrics.map((m) => (m.status === 'warn' || m.status === 'fail' ? m.status : 'pass')),
    ...thresholds.map((t) => t.level),
  ];
  return { name, metrics, thresholds, level: worstLevel(levels), ...extra };
}

/** A verdict over these scenarios; its level is their worst unless given. */
export function makeVerdict(
  scenarios: ScenarioComparison[],
  extra: Partial<Verdict> = {},
): Verdict {
  return {
    level: worstLevel(scenarios.map((s) => s.level)),
    reasons: [],
    scenarios,
    hasBaseline: true,
    baseline: {
      commit: 'abc1234def5678',
      ref: 'refs/heads/main',
      runId: '123',
      runUrl: 'https://github.com/acme/shop/actions/runs/123',
      date: '2026-11-20T08:15:00.000Z',
    },
    runWarnings: [],
    rulesDefaulted: false,
    ...extra,
  };
}
