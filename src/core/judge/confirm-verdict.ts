/**
 * Confirmation of a verdict's breaches by measuring again: one odd run must not raise an alarm
 * on its own, so what breached is measured up to N more times and a breach counts only if the
 * same rule breaches every time.
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
  VerdictConfirmation,
} from './types.js';

/** The name of the whole run among a verdict's scopes. */
const WHOLE_RUN = 'all';

const RANK: Record<Level, number> = { pass: 0, warn: 1, fail: 2 };

/**
 * How a verdict's breaches are confirmed.
 * - `breaches` (a run that keeps a history: schedules): every breach (a regression row at warn
 *   or fail, a broken threshold) is measured again; one that does not hold every time is
 *   `unconfirmed`: shown, not gated.
 * - `regressions` (a run judged against a given baseline: pull requests): only regression rows
 *   at fail are measured again, and only while they can still fail the gate; an absolute
 *   threshold is never retried (a broken SLO fails at once, whatever else happens); a row that
 *   does not fail every time is unconfirmed and warns.
 */
export type ConfirmMode = 'breaches' | 'regressions';

/** What to measure again to confirm a verdict's breaches. */
export interface BreachedScopes {
  /** The whole run breached (a row to confirm in the `all` scope): measure the whole profile
   * again. */
  wholeRun: boolean;
  /** The scenarios with a row of their own to confirm, in the verdict's order. Without
   * `wholeRun`, these are the ones to measure again; with it they are listed all the same. */
  scenarios: string[];
  /** Anything to measure again at all. */
  any: boolean;
}

function isBreach(status: ChangeStatus): status is 'warn' | 'fail' {
  return status === 'warn' || status === 'fail';
}

function isBroken(t: ThresholdResult): boolean {
  return t.level !== 'pass';
}

function milder<T extends Level>(a: T, b: T): T {
  return RANK[a] <= RANK[b] ? a : b;
}

/** One row's way through the re-measures. */
interface RowTrack {
  /** A breach this mode confirms. */
  confirmable: boolean;
  /** Confirmable and breached on every re-measure that covered it so far. */
  holding: boolean;
  /** The mildest level it breached at so far. */
  level: Level;
}

interface MetricTrack extends RowTrack {
  seen: { current: number; status: ChangeStatus }[];
}

interface ThresholdTrack extends RowTrack {
  seen: { value: number | undefined; level: Level }[];
  /** The message of the mildest breach (the first measurement's on a tie). */
  message: string;
  /** Why it did not hold, for the message of an unconfirmed threshold. */
  why?: string;
}

interface ScopeTrack {
  metrics: MetricTrack[];
  thresholds: ThresholdTrack[];
  covered: boolean;
}

function startTracks(candidate: Verdict, mode: ConfirmMode): ScopeTrack[] {
  return candidate.scenarios.map((scope) => ({
    covered: false,
    metrics: scope.metrics.map((m) => {
      const confirmable = mode === 'regressions' ? m.status === 'fail' : isBreach(m.status);
      return {
        confirmable,
        holding: confirmable,
        level: isBreach(m.status) ? m.status : 'pass',
        seen: [],
      };
    }),
    thresholds: scope.thresholds.map((t) => {
      // A pull request's absolute thresholds are never retried: a broken SLO fails at once.
      const confirmable = mode === 'breaches' && isBroken(t);
      return { confirmable, holding: confirmable, level: t.level, seen: [], message: t.message };
    }),
  }));
}

/** A row can still change the gate by being measured again. */
function canStillChange(row: RowTrack, mode: ConfirmMode): boolean {
  // A pull request's row confirmed at warn, or unconfirmed, warns whatever comes next.
  return row.holding && (mode === 'breaches' || row.level === 'fail');
}

function planFromTracks(
  candidate: Verdict,
  tracks: readonly ScopeTrack[],
  mode: ConfirmMode,
): BreachedScopes {
  let wholeRun = false;
  const scenarios = new Set<string>();
  candidate.scenarios.forEach((scope, i) => {
    const track = tracks[i] as ScopeTrack;
    const open = [...track.metrics, ...track.thresholds].some((row) => canStillChange(row, mode));
    if (!open) return;
    if (scope.name === WHOLE_RUN) wholeRun = true;
    else scenarios.add(scope.name);
  });
  return { wholeRun, scenarios: [...scenarios], any: wholeRun || scenarios.size > 0 };
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

function describeMissedThreshold(t: ThresholdResult, again: ThresholdResult | undefined): string {
  const unit = metricInfo(t.rule.metric).unit;
  return again === undefined
    ? 'not checked on re-measuring'
    : again.value === undefined
      ? 'not measured on re-measuring'
      : `met on re-measuring (${formatMetricValue(unit, again.value)})`;
}

/** One re-measure of the scopes `plan` named, folded into the rows' tracks. */
function applyRemeasure(
  candidate: Verdict,
  tracks: ScopeTrack[],
  plan: BreachedScopes,
  again: Verdict,
  mode: ConfirmMode,
): void {
  const named = new Set(plan.scenarios);
  const againByName = new Map<string, ScenarioComparison>();
  for (const s of again.scenarios) if (!againByName.has(s.name)) againByName.set(s.name, s);
  candidate.scenarios.forEach((scope, i) => {
    // The `all` scope of a re-measure of some scenarios covers only those: never compared.
    if (!plan.wholeRun && !named.has(scope.name)) return;
    const track = tracks[i] as ScopeTrack;
    const scopeAgain = againByName.get(scope.name);
    if (scopeAgain === undefined) {
      // Not measured this time (nothing answered there): nothing held.
      for (const row of [...track.metrics, ...track.thresholds]) row.holding = false;
      for (const row of track.thresholds) row.why ??= 'not measured on re-measuring';
      return;
    }
    track.covered = true;
    const metricsAgain = new Map<string, MetricComparison>();
    for (const m of scopeAgain.metrics)
      if (!metricsAgain.has(m.metric)) metricsAgain.set(m.metric, m);
    scope.metrics.forEach((m, j) => {
      const row = track.metrics[j] as MetricTrack;
      const seen = metricsAgain.get(m.metric);
      if (seen) row.seen.push({ current: seen.current, status: seen.status });
      if (!row.holding) return;
      if (seen && isBreach(seen.status)) row.level = milder(row.level, seen.status);
      else row.holding = false;
    });
    if (mode === 'regressions') return;
    const thresholdsAgain = queueThresholds(scopeAgain.thresholds);
    scope.thresholds.forEach((t, j) => {
      const row = track.thresholds[j] as ThresholdTrack;
      const seen = thresholdsAgain.get(t.rule.source)?.shift();
      if (seen) row.seen.push({ value: seen.value, level: seen.level });
      if (!row.holding) return;
      if (seen && isBroken(seen)) {
        // The message goes with the level: the milder measurement's, the first one's on a tie.
        if (RANK[seen.level] < RANK[row.level]) row.message = seen.message;
        row.level = milder(row.level, seen.level);
      } else {
        row.holding = false;
        row.why = describeMissedThreshold(t, seen);
      }
    });
  });
}

/** The rows' tracks after `confirmations`, in order, and what to measure next. */
function followConfirmations(
  candidate: Verdict,
  confirmations: readonly Verdict[],
  mode: ConfirmMode,
): { tracks: ScopeTrack[]; next: BreachedScopes } {
  const tracks = startTracks(candidate, mode);
  for (const again of confirmations) {
    const plan = planFromTracks(candidate, tracks, mode);
    // A re-measure beyond what was needed (the app stops before) confirms nothing more.
    if (!plan.any) break;
    applyRemeasure(candidate, tracks, plan, again, mode);
  }
  return { tracks, next: planFromTracks(candidate, tracks, mode) };
}

/**
 * The scopes of `verdict` whose breaches a schedule re-measures (mode `breaches`, before any
 * re-measure). Failures of the run itself (incomplete, nothing answered) are no scope's: a
 * verdict with only those has `any: false`, since measuring again could not downgrade them.
 */
export function breachedScopes(verdict: Verdict): BreachedScopes {
  return planRemeasure({ candidate: verdict, confirmations: [], mode: 'breaches' });
}

/**
 * What to measure next to confirm `candidate`, after the re-measures already judged
 * (`confirmations`, in order): the scopes with a row that held every time so far and can still
 * change the gate. `any: false` means measuring again is pointless: nothing to confirm (in mode
 * `regressions`: no regression row at fail; absolute thresholds are never retried), or every
 * row has already either failed to hold or (a pull request's) eased to a warning. Pure.
 */
export function planRemeasure(input: {
  candidate: Verdict;
  confirmations: readonly Verdict[];
  mode: ConfirmMode;
}): BreachedScopes {
  return followConfirmations(input.candidate, input.confirmations, input.mode).next;
}

export interface ConfirmInput {
  /** The verdict of the first measurement. */
  candidate: Verdict;
  /** The verdicts of the re-measures, in order, each of the scopes `planRemeasure` named before
   * it, judged with the same rules against the same baseline. */
  confirmations?: readonly Verdict[];
  /** One re-measure: the same as `confirmations: [confirmation]`. */
  confirmation?: Verdict;
  /** The candidate's results file: its run-level failures are judged again from it. */
  current: ResultsFileV1;
  rules: Rules;
  /** Default `breaches` (a schedule's confirmation). */
  mode?: ConfirmMode;
  /** Re-measures asked for (`confirm: N`): stated when fewer were needed. */
  maxRemeasures?: number;
  /** Wall time of all re-measures in ms, to state in the report. */
  remeasuredMs?: number;
}

function confirmMetric(m: MetricComparison, row: MetricTrack, mode: ConfirmMode): MetricComparison {
  const last = row.seen.at(-1);
  const shown: MetricComparison = last
    ? { ...m, confirmation: last, ...(row.seen.length > 1 ? { confirmations: row.seen } : {}) }
    : m;
  if (!row.confirmable) return shown;
  if (row.holding) return { ...shown, status: row.level };
  return mode === 'regressions'
    ? { ...shown, status: 'warn', unconfirmed: true }
    : { ...shown, status: 'unconfirmed' };
}

function confirmThreshold(t: ThresholdResult, row: ThresholdTrack): ThresholdResult {
  const last = row.seen.at(-1);
  const shown: ThresholdResult = last
    ? { ...t, confirmation: last, ...(row.seen.length > 1 ? { confirmations: row.seen } : {}) }
    : t;
  if (!row.confirmable) return shown;
  if (row.holding) return { ...shown, level: row.level, message: row.message };
  const why = row.why ?? 'not checked on re-measuring';
  return { ...shown, level: 'pass', unconfirmed: true, message: `${t.message}; ${why}` };
}

function confirmScope(
  scope: ScenarioComparison,
  track: ScopeTrack,
  mode: ConfirmMode,
): ScenarioComparison {
  const metrics = scope.metrics.map((m, j) =>
    confirmMetric(m, track.metrics[j] as MetricTrack, mode),
  );
  const thresholds = scope.thresholds.map((t, j) =>
    confirmThreshold(t, track.thresholds[j] as ThresholdTrack),
  );
  const level = worstLevel([
    ...thresholds.map((t) => t.level),
    ...metrics.map((m) => (isBreach(m.status) ? m.status : 'pass')),
  ]);
  return { ...scope, metrics, thresholds, level };
}

/**
 * The verdict after measuring the candidate's breaches again, up to N times (`planRemeasure`
 * says what each re-measure covers). A breach counts only if the same scope and metric (for a
 * threshold: the same rule) breaches on every re-measure that covered it, at the mildest of its
 * levels; otherwise it is unconfirmed:
 * - mode `breaches` (schedules): a row becomes `unconfirmed` (a threshold: `pass` with
 *   `unconfirmed: true`), shown but not gated;
 * - mode `regressions` (pull requests): only rows at fail are confirmed, thresholds are never
 *   retried (they keep their level), and a row that did not fail every time becomes `warn`
 *   with `unconfirmed: true`: the gate warns, never fails, on it.
 * Every row of a re-measured scope carries its re-measured values (`confirmation`, the last,
 * and `confirmations`, all, when more than one); thresholds only in mode `breaches`. Scopes
 * that were not re-measured keep their rows. Failures of the run itself (incomplete, nothing
 * answered: `checkCompletion`) are judged from `current` again and never downgraded. Levels,
 * reasons and the `confirmation` summary are recomputed; run warnings of the re-measures that
 * the candidate did not have are added, marked as such. With no re-measure the candidate is
 * returned with an empty summary. Pure.
 */
export function confirmVerdict(input: ConfirmInput): Verdict {
  const { candidate, current, rules } = input;
  const mode = input.mode ?? 'breaches';
  const confirmations = [
    ...(input.confirmation ? [input.confirmation] : []),
    ...(input.confirmations ?? []),
  ];
  const { tracks } = followConfirmations(candidate, confirmations, mode);
  const scenarios = candidate.scenarios.map((scope, i) => {
    const track = tracks[i] as ScopeTrack;
    const touched =
      track.covered ||
      [...track.metrics, ...track.thresholds].some((r) => r.confirmable && !r.holding);
    return touched ? confirmScope(scope, track, mode) : scope;
  });
  let confirmed = 0;
  let unconfirmed = 0;
  for (const track of tracks) {
    for (const row of [...track.metrics, ...track.thresholds]) {
      if (!row.confirmable) continue;
      if (row.holding) confirmed++;
      else unconfirmed++;
    }
  }
  const runFailures = checkCompletion(current.totals);
  const level = worstLevel([
    current.status === 'completed' ? 'pass' : 'fail',
    runFailures.length > 0 ? 'fail' : 'pass',
    ...scenarios.map((s) => s.level),
  ]);
  const known = new Set(candidate.runWarnings);
  const added = new Set<string>();
  for (const again of confirmations) {
    for (const w of again.runWarnings) if (!known.has(w)) added.add(w);
  }
  const runWarnings = [
    ...candidate.runWarnings,
    ...[...added].map((w) => `While re-measuring: ${w}`),
  ];
  const summary: VerdictConfirmation = {
    confirmed,
    unconfirmed,
    remeasures: confirmations.length,
    ...(input.maxRemeasures !== undefined && input.maxRemeasures > confirmations.length
      ? { maxRemeasures: input.maxRemeasures }
      : {}),
    ...(input.remeasuredMs === undefined ? {} : { remeasuredMs: input.remeasuredMs }),
    ...(mode === 'regressions' ? { mode } : {}),
    firstLevel: candidate.level,
  };
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
    confirmation: summary,
  };
}
