/**
 * The rules a profile gets without writing any, and the run-health guards every profile gets.
 * Defaults are deliberately loose: they catch clear regressions, not noise.
 */
import { describeCondition, describeRegression } from './rule-text.js';
import type {
  CompareSettings,
  MetricName,
  MetricUnit,
  RegressionRule,
  Rules,
  ThresholdRule,
} from './types.js';

export const DEFAULT_SETTINGS: Readonly<CompareSettings> = {
  reportImprovements: true,
  confidence: 0.95,
};

/** The smallest change worth a verdict when a regression rule gives no `floor`, per unit:
 * 1 ms, half a percentage point, 1 req/s, 1. */
export const DEFAULT_FLOORS: Readonly<Record<MetricUnit, number>> = {
  ms: 1,
  fraction: 0.005,
  rps: 1,
  count: 1,
};

/*
 * Calibrated on this project's 2-core machines (README, "How the verdict decides"): runs of one
 * build against one target moved whole-run p95 by at most ±3.3 % and p99 by ±4.4 %. The
 * generator's own share of each latency is not slowed with the server, so a server 10 % slower
 * measures +9–11 % at p95 and one 20 % slower +15–18 %. Hence p95 warns at +5 % (above the
 * drift of one build, below a 10 % slowdown) and fails at +12 % (a 20 % slowdown clears it on
 * the first measurement and on the re-measure that confirms it, which a +15 % limit did only
 * about half the time); bench/verdict-quality.ts checks both against 20 same-build pairs.
 * Scenario tails are far thinner (a few hundred requests), so scenarios get p95 and error rate
 * only, more loosely.
 */
const WHOLE_RUN_REGRESSIONS: readonly Omit<RegressionRule, 'source'>[] = [
  { metric: 'p95', warnRelative: 0.05, failRelative: 0.12, floor: 1 },
  { metric: 'p99', warnRelative: 0.15, failRelative: 0.3, floor: 2 },
  { metric: 'errorRate', failRelative: 0.5, floor: 0.01 },
];

const SCENARIO_REGRESSIONS: readonly Omit<RegressionRule, 'source'>[] = [
  { metric: 'p95', warnRelative: 0.1, failRelative: 0.2, floor: 1 },
  { metric: 'errorRate', failRelative: 0.5, floor: 0.01 },
];

/** How a default regression rule's `source` starts: `default: p95 up by > 15 % …`. */
const DEFAULT_SOURCE_PREFIX = 'default: ';

/** True for a rule `defaultRegressionRules` made (the profile did not write it). */
export function isDefaultRule(rule: Pick<RegressionRule, 'source'>): boolean {
  return rule.source.startsWith(DEFAULT_SOURCE_PREFIX);
}

/**
 * The default regression rules: p95, p99 and errorRate for the whole run, then p95 and
 * errorRate for each scenario in `scenarioNames` (rules carry a concrete scenario, never a
 * wildcard, so whatever evaluates them needs no special case).
 */
export function defaultRegressionRules(scenarioNames: readonly string[]): RegressionRule[] {
  const withSource = (rule: Omit<RegressionRule, 'source'>, scenario?: string): RegressionRule => ({
    ...rule,
    ...(scenario === undefined ? {} : { scenario }),
    source: `${DEFAULT_SOURCE_PREFIX}${describeRegression(rule.metric, 'lower-is-better', rule)}`,
  });
  return [
    ...WHOLE_RUN_REGRESSIONS.map((rule) => withSource(rule)),
    ...scenarioNames.flatMap((scenario) =>
      SCENARIO_REGRESSIONS.map((rule) => withSource(rule, scenario)),
    ),
  ];
}

function guard(metric: MetricName, levels: Pick<ThresholdRule, 'warnUnless' | 'failUnless'>) {
  const parts = [
    levels.warnUnless && `${describeCondition(metric, levels.warnUnless)} (target)`,
    levels.failUnless && `${describeCondition(metric, levels.failUnless)} (critical)`,
  ].filter((part) => part !== undefined);
  return { metric, ...levels, source: `run health: ${metric} ${parts.join(', ')}` };
}

/** Error rate above which the default guard warns, and above which it fails (fractions). */
export const DEFAULT_ERROR_RATE_GUARD = { warnAbove: 0.01, failAbove: 0.05 } as const;

/**
 * Dropped load or a generator that fell behind makes every other figure suspect: say so. And a
 * target answering mostly errors must not pass just because the profile set no limit and there
 * is no baseline yet (a run of 600 × 503 used to pass, then became the baseline).
 */
const RUN_HEALTH_GUARDS: readonly ThresholdRule[] = [
  guard('errorRate', {
    warnUnless: { op: '<=', value: DEFAULT_ERROR_RATE_GUARD.warnAbove },
    failUnless: { op: '<=', value: DEFAULT_ERROR_RATE_GUARD.failAbove },
  }),
  guard('dropRate', { warnUnless: { op: '<=', value: 0 }, failUnless: { op: '<=', value: 0.01 } }),
  guard('sendLagP99', { warnUnless: { op: '<=', value: 10 } }),
];

/**
 * The run-health guards `thresholds` lacks: errorRate (target 1 %, critical 5 %), dropRate
 * (target 0, critical 1 %) and sendLagP99 (target 10 ms, warn only), each left out when
 * `thresholds` has a whole-run rule on that metric (k6's `http_req_failed` counts as errorRate).
 */
export function missingRunHealthGuards(thresholds: readonly ThresholdRule[]): ThresholdRule[] {
  const written = new Set(thresholds.filter((r) => r.scenario === undefined).map((r) => r.metric));
  return RUN_HEALTH_GUARDS.filter((rule) => !written.has(rule.metric)).map((rule) =>
    structuredClone(rule),
  );
}

/** Start skew (ms) of merged shards above which the guard warns, and above which it fails. */
export const DEFAULT_START_SKEW_GUARD = { warnAboveMs: 100, failAboveMs: 1000 } as const;

/**
 * The start-skew guard (target 100 ms, critical 1 s) unless `thresholds` has a whole-run rule
 * on `startSkew`. Shards that started that far apart from their agreed `--start-at` did not send
 * the profile's schedule together: the target saw a ragged rate at both ends, and the merged
 * figures are not the single run's. Only a result merged from such shards measures a skew, so
 * the judge adds this guard to its rules and no other run's report lists it.
 */
export function missingStartSkewGuard(thresholds: readonly ThresholdRule[]): ThresholdRule[] {
  const written = thresholds.some((r) => r.scenario === undefined && r.metric === 'startSkew');
  if (written) return [];
  return [
    guard('startSkew', {
      warnUnless: { op: '<=', value: DEFAULT_START_SKEW_GUARD.warnAboveMs },
      failUnless: { op: '<=', value: DEFAULT_START_SKEW_GUARD.failAboveMs },
    }),
  ];
}

/**
 * The rules of a profile with neither `thresholds` nor `regressions`: the run-health guards,
 * the default regressions for the whole run and each of `scenarioNames`, default settings.
 */
export function defaultRules(scenarioNames: readonly string[] = []): Rules {
  return {
    thresholds: missingRunHealthGuards([]),
    regressions: defaultRegressionRules(scenarioNames),
    settings: { ...DEFAULT_SETTINGS },
    defaulted: true,
  };
}
