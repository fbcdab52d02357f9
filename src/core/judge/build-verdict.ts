import type { EntrySummary, HistoryEntry } from '../history/types.js';
import {
  formatCount,
  formatPercent,
  formatRunDuration,
  formatSignedRelative,
  listNames,
} from '../input/format-units.js';
import type { ResultsFileV1 } from '../result/types.js';
import { missingStartSkewGuard } from '../rules/default-rules.js';
import { metricInfo } from '../rules/metrics.js';
import { indexRules, type RuleIndex } from '../rules/rule-index.js';
import { formatMetricDelta, formatMetricValue } from '../rules/rule-text.js';
import type { Level, Rules } from '../rules/types.js';
import type { Totals } from '../stats/figures.js';
import { MIN_RUNS } from './between-runs.js';
import { judgeScope, type Scope, worstLevel } from './judge-scenario.js';
import { collectRunWarnings } from './run-warnings.js';
import { describeSelectionNotes } from './selection-notes.js';
import type { BaselineInfo, MetricComparison, ScenarioComparison, Verdict } from './types.js';

export interface VerdictInput {
  current: ResultsFileV1;
  baseline?: ResultsFileV1;
  rules: Rules;
  baselineInfo?: BaselineInfo;
  /** The earlier runs a rolling baseline (`baseline`) was merged from. When given, every change
   * is tested against the spread between these runs (a one-sided Student-t prediction test)
   * instead of the per-second windows; fewer than 3 runs with the scope → a warning at most. */
  baselineRuns?: readonly HistoryEntry[];
}

/** A scenario's summary in each run that has it (own keys only: a scenario may be called
 * `constructor`). */
function summariesOf(runs: readonly HistoryEntry[], name: string): EntrySummary[] {
  return runs.flatMap((run) =>
    Object.hasOwn(run.scenarios, name) ? [run.scenarios[name] as EntrySummary] : [],
  );
}

/**
 * Whether `baseline` is the other side of `current`'s side-by-side run (`--baseline-target`):
 * the two files say so of each other, and their measured windows started at the same moment.
 * Only then do their seconds pair up.
 */
export function isSideBySidePair(current: ResultsFileV1, baseline: ResultsFileV1): boolean {
  const b = current.sideBySide;
  const a = baseline.sideBySide;
  return (
    b?.side === 'target' &&
    a?.side === 'baseline' &&
    b.otherTarget === baseline.target &&
    a.otherTarget === current.target &&
    current.startedAt === baseline.startedAt
  );
}

function scopesOf(
  current: ResultsFileV1,
  baseline: ResultsFileV1 | undefined,
  runs: readonly HistoryEntry[] | undefined,
): Scope[] {
  const paired =
    baseline !== undefined && runs === undefined && isSideBySidePair(current, baseline);
  const extrasOf = (r: ResultsFileV1) => ({
    sendLagP99: r.sendLagMs.p99,
    durationMs: r.durationMs,
    ...(r.merged?.maxStartSkewMs === undefined ? {} : { startSkewMs: r.merged.maxStartSkewMs }),
  });
  // Scenarios share the run's measured window; send lag is the whole run's only.
  const windowOf = (r: ResultsFileV1) => ({ durationMs: r.durationMs });
  const all: Scope = {
    name: 'all',
    current: { figures: current, timeline: current.timeline, extras: extrasOf(current) },
    ...(baseline
      ? { baseline: { figures: baseline, timeline: baseline.timeline, extras: extrasOf(baseline) } }
      : {}),
    ...(runs ? { baselineRuns: runs.map((run) => run.overall) } : {}),
    ...(paired ? { paired } : {}),
  };
  // By name, once: a `find` per scenario made judging n scenarios O(n²).
  const baseByName = new Map(baseline?.scenarios.map((b) => [b.name, b]));
  const scenarios = current.scenarios.map((s): Scope => {
    const base = baseByName.get(s.name);
    return {
      name: s.name,
      ...(s.category ? { category: s.category } : {}),
      current: { figures: s, timeline: s.timeline, extras: windowOf(current) },
      ...(base && baseline
        ? { baseline: { figures: base, timeline: base.timeline, extras: windowOf(baseline) } }
        : {}),
      ...(runs ? { baselineRuns: summariesOf(runs, s.name) } : {}),
      ...(paired ? { paired } : {}),
    };
  });
  return [all, ...scenarios];
}

/**
 * Failures of the run itself that no threshold can waive: no request completed, or most never
 * did. Either way the figures describe a handful of requests (or none), so a pass would say
 * nothing about the target. A target that trickles its bodies or hangs gives exactly this.
 * `requests` counts every request that completed with an answer or a transport error;
 * `interrupted` ones were still in flight when the run ended, `dropped` ones were never sent.
 * @returns one reason per failure (plain text), empty when the run completed enough requests.
 */
export function checkCompletion(
  totals: Pick<Totals, 'requests' | 'interrupted' | 'dropped'>,
): string[] {
  const { requests, interrupted, dropped } = totals;
  const missing = [
    interrupted > 0 ? `${formatCount(interrupted)} still in flight when the run ended` : '',
    dropped > 0 ? `${formatCount(dropped)} never sent (dropped)` : '',
  ].filter((part) => part !== '');
  if (requests === 0) {
    const why = missing.length > 0 ? missing.join(', ') : 'nothing was sent';
    return [`No request completed (${why}): a run without a single answer cannot pass.`];
  }
  if (interrupted + dropped > requests) {
    return [
      `Most requests never completed (${formatCount(requests)} completed, ${missing.join(', ')}): such a run cannot pass.`,
    ];
  }
  return [];
}

/**
 * The gate's decision: every scope compared and checked, then one level with one-line reasons,
 * worst first. A run that did not complete (interrupted, aborted) never passes: its figures
 * cover only part of the load. Nor does a run in which no request completed, or in which
 * requests still in flight at the end plus dropped ones outnumber the completed ones
 * (`checkCompletion`), whatever the rules say. Rules naming a scenario that is not in the run
 * are not evaluated; for a run of part of the profile (`current.selection`) the run warnings
 * name those the profile wrote (`describeSelectionNotes`). A result merged from shards that
 * waited for `--start-at` is also judged on its start skew (`missingStartSkewGuard`). Pure: all
 * inputs are data. Linear in the number of scenarios and rules.
 */
export function buildVerdict(input: VerdictInput): Verdict {
  const { current, baseline } = input;
  const rules = withStartSkewGuard(input.rules, current);
  const index = indexRules(rules);
  const scenarios = scopesOf(current, baseline, input.baselineRuns).map((scope) =>
    judgeScope(scope, rules, index),
  );
  const incomplete: Level = current.status === 'completed' ? 'pass' : 'fail';
  const unanswered = checkCompletion(current.totals);
  const level = worstLevel([
    incomplete,
    unanswered.length > 0 ? 'fail' : 'pass',
    ...scenarios.map((s) => s.level),
  ]);
  const runWarnings = [
    ...describeSelectionNotes(current, rules),
    ...collectRunWarnings(current),
    ...(baseline ? describeBaselineMismatch(current, baseline) : []),
  ];
  return {
    level,
    reasons: describeReasons({
      current,
      scenarios,
      rules,
      hasBaseline: baseline !== undefined,
      level,
      index,
      runFailures: unanswered,
    }),
    scenarios,
    hasBaseline: baseline !== undefined,
    ...(input.baselineInfo ? { baseline: input.baselineInfo } : {}),
    runWarnings,
    rulesDefaulted: rules.defaulted,
    ...describeSideBySide(current, baseline, input.baselineRuns, scenarios),
  };
}

/**
 * `Verdict.sideBySide` for a side-by-side pair: the baseline target, and the windows the whole
 * run's p95 was paired over (the windows of the headline metric; other metrics may pair over
 * more seconds, or fewer for a thin tail).
 */
function describeSideBySide(
  current: ResultsFileV1,
  baseline: ResultsFileV1 | undefined,
  runs: readonly HistoryEntry[] | undefined,
  scenarios: readonly ScenarioComparison[],
): Pick<Verdict, 'sideBySide'> {
  if (baseline === undefined || runs !== undefined || !isSideBySidePair(current, baseline))
    return {};
  const p95 = scenarios[0]?.metrics.find((m) => m.metric === 'p95')?.significance;
  return {
    sideBySide: { baselineTarget: baseline.target, pairedWindows: p95?.currentWindows ?? 0 },
  };
}

/**
 * The rules with the start-skew guard (`missingStartSkewGuard`) when `current` was merged from
 * shards that waited for one `--start-at`; the rules as given otherwise.
 */
function withStartSkewGuard(rules: Rules, current: ResultsFileV1): Rules {
  if (current.merged?.maxStartSkewMs === undefined) return rules;
  const guard = missingStartSkewGuard(rules.thresholds);
  return guard.length === 0 ? rules : { ...rules, thresholds: [...rules.thresholds, ...guard] };
}

/**
 * Differences that make a comparison less like for like: another profile, another load shape,
 * an incomplete baseline, scenarios that appeared or vanished. Reported, never gated.
 */
function describeBaselineMismatch(current: ResultsFileV1, baseline: ResultsFileV1): string[] {
  const notes: string[] = [];
  if (current.profile.name !== baseline.profile.name) {
    notes.push(
      `The baseline is of another profile ("${baseline.profile.name}", this run "${current.profile.name}").`,
    );
  }
  const load = (r: ResultsFileV1) =>
    `${r.load.executor}${r.load.peakRatePerSec !== undefined ? ` at ${r.load.peakRatePerSec}/s` : ''}${r.load.peakVus !== undefined ? ` with ${r.load.peakVus} VUs` : ''}`;
  if (load(current) !== load(baseline)) {
    notes.push(
      `The baseline ran a different load (${load(baseline)}; this run ${load(current)}): changes may come from that.`,
    );
  }
  if (baseline.status !== 'completed') {
    notes.push(`The baseline run was ${baseline.status}: its figures cover only part of its load.`);
  }
  const before = new Set(baseline.scenarios.map((s) => s.name));
  const now = new Set(current.scenarios.map((s) => s.name));
  const added = [...now].filter((n) => !before.has(n));
  const removed = [...before].filter((n) => !now.has(n));
  if (added.length > 0) notes.push(`New scenarios without a baseline: ${listNames(added)}.`);
  if (removed.length > 0)
    notes.push(`Scenarios in the baseline but not in this run: ${listNames(removed)}.`);
  return notes;
}

interface ReasonInput {
  current: ResultsFileV1;
  scenarios: readonly ScenarioComparison[];
  rules: Rules;
  hasBaseline: boolean;
  level: Level;
  /** `rules` by scope (`indexRules`), as the scopes were judged with. */
  index: RuleIndex;
  /** Failures of the run itself (see `checkCompletion`), listed after an incomplete status. */
  runFailures?: readonly string[];
}

function describeChange(
  scope: string,
  m: MetricComparison,
  rules: Rules,
  index: RuleIndex,
): string {
  const label = metricInfo(m.metric).label;
  const rule = index.forScope(scope === 'all' ? undefined : scope).regressions.get(m.metric);
  const rel = m.relative !== undefined ? formatSignedRelative(m.relative) : 'up from 0';
  const where = scope === 'all' ? '' : `${scope}: `;
  const head = `${where}${label} ${rel} (${formatMetricDelta(m.unit, m.delta ?? 0)}) vs baseline`;
  const s = m.significance;
  const held = describeConfirmation(m);
  if (s === undefined || s.method === 'insufficient-data') {
    const few =
      s?.runs !== undefined
        ? `only ${formatRuns(s.runs)} to judge noise by (${MIN_RUNS} needed)`
        : 'too few requests per window to rule out noise';
    return `${head}: over the limit, but ${few}, so a warning only${held}`;
  }
  // A pull request's unconfirmed row warns, but it was the fail limit it went over.
  const over = m.unconfirmed ? 'fail' : m.status;
  const limit = over === 'fail' ? rule?.failRelative : rule?.warnRelative;
  const sign = m.direction === 'higher-is-better' ? '−' : '+';
  const bar =
    limit !== undefined && rule
      ? `the ${sign}${formatPercent(limit)} ${over} limit (floor ${formatMetricValue(m.unit, rule.floor)})`
      : 'its limit';
  const across =
    s.method === 'between-runs'
      ? ` across ${formatRuns(s.runs ?? 0)}`
      : s.method === 'paired-windows'
        ? ` side by side over ${formatCount(s.currentWindows)} paired windows`
        : '';
  return `${head}: over ${bar}, ${formatPercent(rules.settings.confidence)} confident${across} (p ${formatPValue(s.pValue ?? 1)})${held}`;
}

/** "5 earlier runs", "1 earlier run". */
function formatRuns(n: number): string {
  return `${formatCount(n)} earlier run${n === 1 ? '' : 's'}`;
}

/**
 * "; confirmed on re-measuring (13.1 ms)" for a breach that held, "; confirmed on re-measuring
 * 2× (13.1 ms, 12.8 ms)" when it held more than once; for a pull request's row that did not fail
 * every time "; not confirmed on re-measuring (9.8 ms): a warning, not a failure"; else nothing.
 */
function describeConfirmation(m: MetricComparison): string {
  if (m.confirmation === undefined) return '';
  const seen = m.confirmations ?? [m.confirmation];
  const values = seen.map((again) => formatMetricValue(m.unit, again.current)).join(', ');
  if (m.unconfirmed) return `; not confirmed on re-measuring (${values}): a warning, not a failure`;
  const times = seen.length > 1 ? ` ${formatCount(seen.length)}×` : '';
  return `; confirmed on re-measuring${times} (${values})`;
}

/** One line counting the breaches that did not hold on re-measuring; none without any. */
function describeUnconfirmed(scenarios: readonly ScenarioComparison[]): string[] {
  let n = 0;
  for (const scope of scenarios) {
    n += scope.metrics.filter((m) => m.status === 'unconfirmed').length;
    n += scope.thresholds.filter((t) => t.unconfirmed).length;
  }
  if (n === 0) return [];
  const what = n === 1 ? '1 breach' : `${formatCount(n)} breaches`;
  return [`${what} of the first measurement did not hold on re-measuring: shown, not gated.`];
}

function formatPValue(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toPrecision(2);
}

/**
 * One line per reason, failures before warnings; for a pass, one line saying what was checked.
 * Lines are plain text: the renderer escapes them.
 */
export function describeReasons(input: ReasonInput): string[] {
  const { current, scenarios, rules, index } = input;
  const byLevel: Record<'fail' | 'warn', string[]> = { fail: [], warn: [] };
  if (current.status !== 'completed') {
    byLevel.fail.push(
      `The run was ${current.status} after ${formatRunDuration(current.durationMs)}${current.abortReason ? ` (${current.abortReason})` : ''}: a partial run cannot pass.`,
    );
  }
  byLevel.fail.push(...(input.runFailures ?? []));
  for (const scope of scenarios) {
    for (const t of scope.thresholds) if (t.level !== 'pass') byLevel[t.level].push(t.message);
    for (const m of scope.metrics) {
      if (m.status === 'fail' || m.status === 'warn')
        byLevel[m.status].push(describeChange(scope.name, m, rules, index));
    }
  }
  const unconfirmed = describeUnconfirmed(scenarios);
  if (byLevel.fail.length + byLevel.warn.length > 0)
    return [...byLevel.fail, ...byLevel.warn, ...unconfirmed];
  const thresholds = scenarios.reduce((n, s) => n + s.thresholds.length, 0);
  const compared = scenarios.reduce(
    (n, s) => n + s.metrics.filter((m) => m.rule !== undefined).length,
    0,
  );
  const lines: string[] = [...unconfirmed];
  if (!input.hasBaseline) lines.push('No baseline yet: only absolute thresholds were checked.');
  else
    lines.push(
      `No regression beyond its limits and floors (${compared} ruled metric${compared === 1 ? '' : 's'} compared).`,
    );
  if (thresholds > 0) lines.push(`All ${thresholds} threshold${thresholds === 1 ? '' : 's'} met.`);
  return lines;
}
