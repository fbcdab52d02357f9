/**
 * Confirmation of a scheduled run's breaches: one odd run must not raise an alarm on its own,
 * so what breached is measured once more and a breach counts only if it is seen both times.
 */
import type { ResultsFileV1 } from '../result/types.js';
import { metricInfo } from '../rules/metrics.js';
import { indexRules } from '../rules/rule-index.js';
import { formatMetricValue } from '../rules/rule-text.js';
import type { Level, Rules } from '../rules/types.js';
import { checkCompletion, describeReasons } from './build-verdict.js';
import { worstLevel } from './judge-scenario.js';
import type {
  ChangeStatus,
  MetricComparison,
  ScenarioComparison,
  ThresholdResult,
  Verdict,
} from './types.js';

/** The name of the whole run among a verdict's scopes. */
const WHOLE_RUN = 'all';

const RANK: Record<Level, number> = { pass: 0, warn: 1, fail: 2 };

/** What to measure again to confirm a verdict's breaches. */
export interface BreachedScopes {
  /** The whole run breached (a regression row at warn or fail, or a threshold broken, in the
   * `all` scope): measure the whole profile again. */
  wholeRun: boolean;
  /** The scenarios with a breach of their own, in the verdict's order. Without `wholeRun`,
   * these are the ones to measure again; with it they are listed all the same. */
  scenarios: string[];
  /** Anything to measure again at all. */
  any: boolean;
}

function isBreach(status: ChangeStatus): status is 'warn' | 'fail' {
  return status === 'warn' || status === 'fail';
}

function hasBreach(scope: ScenarioComparison): boolean {
  return scope.metrics.some((m) => isBreach(m.status)) || scope.thresholds.some(isBroken);
}

function isBroken(t: ThresholdResult): boolean {
  return t.level !== 'pass';
}

/**
 * The scopes of `verdict` that breached and so need measuring again. Failures of the run
 * itself (incomplete, nothing answered) are no scope's: a verdict with only those has
 * `any: false`, since measuring again could not downgrade them anyway.
 */
export function breachedScopes(verdict: Verdict): BreachedScopes {
  let wholeRun = false;
  const scenarios = new Set<string>();
  for (const scope of verdict.scenarios) {
    if (!hasBreach(scope)) continue;
    if (scope.name === WHOLE_RUN) wholeRun = true;
    else scenarios.add(scope.name);
  }
  return { wholeRun, scenarios: [...scenarios], any: wholeRun || scenarios.size > 0 };
}

export interface ConfirmInput {
  /** The verdict of the first measurement. */
  candidate: Verdict;
  /** The verdict of measuring `breachedScopes(candidate)` again, judged with the same rules
   * against the same baseline. */
  confirmation: Verdict;
  /** The candidate's results file: its run-level failures are judged again from it. */
  current: ResultsFileV1;
  rules: Rules;
}

interface Tally {
  confirmed: number;
  unconfirmed: number;
}

function milder<T extends Level>(a: T, b: T): T {
  return RANK[a] <= RANK[b] ? a : b;
}

function confirmMetric(
  m: MetricComparison,
  again: MetricComparison | undefined,
  tally: Tally,
): MetricComparison {
  const shown: MetricComparison = again
    ? { ...m, confirmation: { current: again.current, status: again.status } }
    : m;
  if (!isBreach(m.status)) return shown;
  if (again && isBreach(again.status)) {
    tally.confirmed++;
    return { ...shown, status: milder(m.status, again.status) };
  }
  tally.unconfirmed++;
  return { ...shown, status: 'unconfirmed' };
}

function confirmThreshold(
  t: ThresholdResult,
  again: ThresholdResult | undefined,
  tally: Tally,
): ThresholdResult {
  const shown: ThresholdResult = again
    ? { ...t, confirmation: { value: again.value, level: again.level } }
    : t;
  if (!isBroken(t)) return shown;
  if (again && isBroken(again)) {
    tally.confirmed++;
    const level = milder(t.level, again.level);
    // The message goes with the level: the milder measurement's, the first one's on a tie.
    return { ...shown, level, message: level === t.level ? t.message : again.message };
  }
  tally.unconfirmed++;
  const unit = metricInfo(t.rule.metric).unit;
  const why =
    again === undefined
      ? 'not checked on re-measuring'
      : again.value === undefined
        ? 'not measured on re-measuring'
        : `met on re-measuring (${formatMetricValue(unit, again.value)})`;
  return { ...shown, level: 'pass', unconfirmed: true, message: `${t.message}; ${why}` };
}

/** Thresholds of a scope by their rule's source, each list in order (a source may repeat). */
function queueThresholds(thresholds: readonly ThresholdResult[]): Map<string, ThresholdResult[]> {
  const bySource = new Map<string, ThresholdResult[]>();
  for (const t of thresholds) {
    const queue = bySource.get(t.rule.source);
    if (queue) queue.push(t);
    else bySource.set(t.rule.source, [t]);
  }
  return bySource;
}

function confirmScope(
  scope: ScenarioComparison,
  again: ScenarioComparison,
  tally: Tally,
): ScenarioComparison {
  const againMetrics = new Map<string, MetricComparison>();
  for (const m of again.metrics) if (!againMetrics.has(m.metric)) againMetrics.set(m.metric, m);
  const againThresholds = queueThresholds(again.thresholds);
  const metrics = scope.metrics.map((m) => confirmMetric(m, againMetrics.get(m.metric), tally));
  const thresholds = scope.thresholds.map((t) =>
    confirmThreshold(t, againThresholds.get(t.rule.source)?.shift(), tally),
  );
  const level = worstLevel([
    ...thresholds.map((t) => t.level),
    ...metrics.map((m) => (isBreach(m.status) ? m.status : 'pass')),
  ]);
  return { ...scope, metrics, thresholds, level };
}

/**
 * The verdict after measuring the candidate's breached scopes again (`breachedScopes`): a
 * breach (a regression row at warn or fail, a broken threshold) counts only if the same scope
 * and metric (for a threshold: the same rule) breaches in `confirmation` too, at the milder of
 * the two levels; otherwise its row becomes `unconfirmed` (a threshold: `pass` with
 * `unconfirmed: true`), shown but not gated. Every row of a re-measured scope carries the
 * re-measured value (`confirmation`). Scopes that were not re-measured keep their rows as they
 * were (the `all` scope of a confirmation that re-measured some scenarios covers only those,
 * so it is not compared with the whole run). Failures of the run itself (an incomplete run,
 * nothing answered: `checkCompletion`) are judged from `current` again and never downgraded.
 * Levels, reasons and `confirmation` counts are recomputed; run warnings of the re-measuring
 * that the candidate did not have are added, marked as such. Pure.
 */
export function confirmVerdict(input: ConfirmInput): Verdict {
  const { candidate, confirmation, current, rules } = input;
  const remeasured = breachedScopes(candidate);
  const againNames = new Set(remeasured.scenarios);
  const againByName = new Map<string, ScenarioComparison>();
  for (const s of confirmation.scenarios) if (!againByName.has(s.name)) againByName.set(s.name, s);
  const tally: Tally = { confirmed: 0, unconfirmed: 0 };
  const scenarios = candidate.scenarios.map((scope) => {
    const wasRemeasured = remeasured.wholeRun || againNames.has(scope.name);
    const again = wasRemeasured ? againByName.get(scope.name) : undefined;
    return again ? confirmScope(scope, again, tally) : scope;
  });
  const runFailures = checkCompletion(current.totals);
  const level = worstLevel([
    current.status === 'completed' ? 'pass' : 'fail',
    runFailures.length > 0 ? 'fail' : 'pass',
    ...scenarios.map((s) => s.level),
  ]);
  const known = new Set(candidate.runWarnings);
  const runWarnings = [
    ...candidate.runWarnings,
    ...confirmation.runWarnings.filter((w) => !known.has(w)).map((w) => `While re-measuring: ${w}`),
  ];
  return {
    ...candidate,
    level,
    reasons: describeReasons({
      current,
      scenarios,
      rules,
      hasBaseline: candidate.hasBaseline,
      level,
      index: indexRules(rules),
      runFailures,
    }),
    scenarios,
    runWarnings,
    confirmation: tally,
  };
}
