/**
 * Accepting a known regression: a label on the pull request (default
 * `loadgate:accept-regression`) turns its breached rows into accepted warnings, when the person
 * who applied it may write to the repository. The acceptance is kept on later commits only
 * while each accepted row stays within its accepted value plus the noise band.
 */
import { formatSignedRelative } from '../input/format-units.js';
import type { ResultsFileV1 } from '../result/types.js';
import { metricInfo } from '../rules/metrics.js';
import { indexRules, type RuleIndex } from '../rules/rule-index.js';
import { formatMetricValue } from '../rules/rule-text.js';
import type { Direction, Level, Rules, ThresholdRule } from '../rules/types.js';
import { checkCompletion, describeReasons } from './build-verdict.js';
import { worstLevel } from './judge-scenario.js';
import type {
  AcceptanceRecord,
  AcceptanceRecordRow,
  AcceptedRowView,
  MetricComparison,
  ScenarioComparison,
  ThresholdResult,
  Verdict,
  VerdictAcceptance,
} from './types.js';

/** The label that accepts, unless input `accept-label` names another. */
export const DEFAULT_ACCEPT_LABEL = 'loadgate:accept-regression';

/** What the label may accept: regression rows only (default), those and absolute thresholds
 * (SLOs), or nothing (the label is not looked at, and pull-request results are not kept). */
export const ACCEPT_SCOPES = ['regressions', 'all', 'none'] as const;
export type AcceptScope = (typeof ACCEPT_SCOPES)[number];

/**
 * The band of a row no regression rule covers (an absolute threshold accepted under
 * `accept-scope: all`): 10 % worse than the accepted value.
 */
export const DEFAULT_ACCEPT_BAND = 0.1;

/** How finely GitHub stamps issue events: to the second. */
const EVENT_TIME_RESOLUTION_MS = 1000;

/** Repository permissions that count as write access (GitHub's `permission` or `role_name`). */
const WRITE_ROLES: ReadonlySet<string> = new Set(['admin', 'maintain', 'write']);

/** A `labeled` or `unlabeled` event of the pull request (GitHub's issue events API). */
export interface LabelEvent {
  /** The event's id: a label applied again is a new event. */
  id: number;
  action: 'labeled' | 'unlabeled';
  label: string;
  /** Login of who applied or removed it. */
  actor: string;
  /** ISO time of the event. */
  createdAt: string;
}

/** What the collaborator-permission API said about the label's actor. */
export type WriterCheck =
  | { kind: 'permission'; permission: string; roleName?: string }
  /** 404: not a collaborator (or not a user, as for some apps). */
  | { kind: 'not-collaborator' }
  /** The lookup failed (no token, a 403, a server error): `reason` says how. */
  | { kind: 'failed'; reason: string };

/** Whether the permission answer means write access (admin, maintain or write). */
export function hasWriteAccess(check: WriterCheck): boolean {
  if (check.kind !== 'permission') return false;
  return (
    WRITE_ROLES.has(check.permission.toLowerCase()) ||
    (check.roleName !== undefined && WRITE_ROLES.has(check.roleName.toLowerCase()))
  );
}

/**
 * The latest `labeled` or `unlabeled` event of `label` (names compared case-insensitively, as
 * GitHub compares label names): whether the label is on the pull request now, and who put it
 * there. `events` in any order; ties on time go to the higher id. Undefined when the label was
 * never applied.
 */
export function findLatestLabelEvent(
  events: readonly LabelEvent[],
  label: string,
): LabelEvent | undefined {
  const wanted = label.toLowerCase();
  let latest: LabelEvent | undefined;
  for (const event of events) {
    if (event.label.toLowerCase() !== wanted) continue;
    if (
      latest === undefined ||
      Date.parse(event.createdAt) > Date.parse(latest.createdAt) ||
      (event.createdAt === latest.createdAt && event.id > latest.id)
    )
      latest = event;
  }
  return latest;
}

export interface AcceptInput {
  /** The verdict as judged (and confirmed), before any acceptance. */
  verdict: Verdict;
  /** Its results: their run-level failures are never accepted, and the time they were
   * measured decides whether a fresh label application can have seen them. */
  current: ResultsFileV1;
  rules: Rules;
  label: string;
  scope: Exclude<AcceptScope, 'none'>;
  /** The pull request's label events (any label, any order). */
  events: readonly LabelEvent[];
  /** The permission answer for the actor of the label's latest `labeled` event
   * (`findLatestLabelEvent`); absent: not asked, which counts as no write access. */
  writer?: WriterCheck;
  /** The acceptance earlier runs stored (the comment's hidden record), if any. */
  stored?: AcceptanceRecord;
  /** The head commit the results measured. */
  headSha: string;
}

/**
 * The verdict with the accept label applied. Only the label's latest event counts: removed →
 * an acceptance in effect (`stored`) is `withdrawn`; applied by someone without write access →
 * `ignored`, with the reason. A new application (an event id the record does not hold) accepts
 * the results only if they were measured before it (to the second GitHub stamps it with),
 * since no one can accept what they could not have seen; it accepts every breached regression row (and, with `scope: all`, every broken
 * threshold) at its current value. The record of an earlier commit carries over row by row:
 * a row stays accepted while its value is within the accepted value plus the noise band
 * (`keptUpTo`), else it `lapsed` and gates again; a row that breached only after the
 * acceptance is `refused`. Run-level failures (an incomplete run, nothing answered) are never
 * accepted. Accepted rows count as warnings (`status: 'accepted'`, an accepted threshold's
 * `level: 'warn'`); `gateLevel` is the level without them. Without any event of the label, the
 * verdict is returned as it was. Pure.
 */
export function acceptRegressions(input: AcceptInput): Verdict {
  const { verdict, label, events, stored } = input;
  const latest = findLatestLabelEvent(events, label);
  if (latest === undefined) return verdict;
  const base = { label, by: latest.actor, at: latest.createdAt, accepted: [], lapsed: [] };
  if (latest.action === 'unlabeled') {
    if (stored === undefined) return verdict;
    const reason = `The label ${label} was removed by @${latest.actor}: the regressions it accepted gate again.`;
    return withAcceptance(input, { ...base, state: 'withdrawn', refused: [], reason });
  }
  const writer = input.writer;
  if (writer === undefined || !hasWriteAccess(writer)) {
    const reason = `The label ${label} applied by @${latest.actor} does not count: ${describeWriter(latest.actor, writer)}; only people with write access can accept a regression.`;
    return withAcceptance(input, { ...base, state: 'ignored', refused: [], reason });
  }
  const carried = stored !== undefined && stored.eventId === latest.id ? stored : undefined;
  const measuredUntilMs = Date.parse(input.current.startedAt) + input.current.durationMs;
  // GitHub stamps events to the second: a label stamped in the second the run ended counts.
  const labeledUpToMs = Date.parse(latest.createdAt) + EVENT_TIME_RESOLUTION_MS;
  if (carried === undefined && !(measuredUntilMs <= labeledUpToMs)) {
    const reason = `The label ${label} was applied by @${latest.actor} at ${latest.createdAt}, before these results of ${shortSha(input.headSha)} were measured: it accepts only results that could be seen; remove and apply it again to accept them.`;
    return withAcceptance(input, { ...base, state: 'ignored', refused: [], reason });
  }
  const decided = decideRows(input, latest, carried);
  const record: AcceptanceRecord = carried ?? {
    label,
    eventId: latest.id,
    by: latest.actor,
    at: latest.createdAt,
    sha: input.headSha,
    rows: decided.accepted.map(toRecordRow),
  };
  return withAcceptance(input, {
    ...base,
    state: decided.accepted.length + decided.lapsed.length > 0 ? 'accepted' : 'nothing-to-accept',
    acceptedSha: record.sha,
    accepted: decided.accepted,
    lapsed: decided.lapsed,
    refused: decided.refused,
    record,
  });
}

function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

function describeWriter(actor: string, writer: WriterCheck | undefined): string {
  if (writer === undefined) return `whether @${actor} may write was not checked`;
  switch (writer.kind) {
    case 'permission': {
      const role =
        writer.roleName && writer.roleName !== writer.permission
          ? `${writer.permission} (role ${writer.roleName})`
          : writer.permission;
      return `@${actor} has ${role} access`;
    }
    case 'not-collaborator':
      return `@${actor} is not a collaborator of the repository`;
    case 'failed':
      return `the permission of @${actor} could not be checked (${writer.reason})`;
  }
}

function toRecordRow(row: AcceptedRowView): AcceptanceRecordRow {
  return {
    scope: row.scope,
    metric: row.metric,
    kind: row.kind,
    rule: row.rule,
    value: row.acceptedValue,
  };
}

/** A breached row of the verdict, as the acceptance sees it. */
interface Candidate {
  scope: string;
  kind: 'regression' | 'threshold';
  view: Omit<AcceptedRowView, 'acceptedValue' | 'keptUpTo'>;
  direction: Exclude<Direction, 'none'>;
  /** How the row reads in a reason line: `checkout: p95 412 ms (+25 % vs baseline)`. */
  text: string;
}

interface RowDecisions {
  accepted: AcceptedRowView[];
  lapsed: AcceptedRowView[];
  refused: string[];
  /** Keys (`rowKey`) of the accepted rows. */
  acceptedKeys: Set<string>;
}

function rowKey(scope: string, kind: 'regression' | 'threshold', name: string): string {
  return JSON.stringify([scope, kind, name]);
}

function recordKey(row: AcceptanceRecordRow): string {
  return rowKey(row.scope, row.kind, row.kind === 'regression' ? row.metric : row.rule);
}

function candidateKey(c: Candidate): string {
  return rowKey(c.scope, c.kind, c.kind === 'regression' ? c.view.metric : c.view.rule);
}

function decideRows(
  input: AcceptInput,
  latest: LabelEvent,
  carried: AcceptanceRecord | undefined,
): RowDecisions {
  const index = indexRules(input.rules);
  const byKey = new Map((carried?.rows ?? []).map((row) => [recordKey(row), row]));
  const decisions: RowDecisions = {
    accepted: [],
    lapsed: [],
    refused: [],
    acceptedKeys: new Set(),
  };
  for (const candidate of listCandidates(input.verdict)) {
    const where = candidate.text;
    if (candidate.kind === 'threshold' && input.scope !== 'all') {
      decisions.refused.push(
        `${where}: an absolute threshold (SLO) cannot be accepted with accept-scope: regressions (set accept-scope: all to allow it).`,
      );
      continue;
    }
    const key = candidateKey(candidate);
    const stored = carried ? byKey.get(key) : undefined;
    if (carried && stored === undefined) {
      decisions.refused.push(
        `${where}: breached only after the acceptance of ${shortSha(carried.sha)} by @${latest.actor}; remove and apply the label again to accept it.`,
      );
      continue;
    }
    const acceptedValue = stored?.value ?? candidate.view.value;
    const keptUpTo = computeKeptUpTo(candidate, acceptedValue, index);
    const view: AcceptedRowView = {
      ...candidate.view,
      acceptedValue,
      keptUpTo,
      // Another commit can measure the very value accepted (latencies fall in histogram
      // buckets): whether the acceptance was carried is the record's, not the values'.
      ...(stored !== undefined && carried?.sha !== input.headSha ? { carried: true as const } : {}),
    };
    if (stored !== undefined && !isWithin(candidate.view.value, keptUpTo, candidate.direction)) {
      decisions.lapsed.push(view);
      continue;
    }
    decisions.accepted.push(view);
    decisions.acceptedKeys.add(key);
  }
  return decisions;
}

function listCandidates(verdict: Verdict): Candidate[] {
  const candidates: Candidate[] = [];
  for (const scope of verdict.scenarios) {
    const where = scope.name === 'all' ? '' : `${scope.name}: `;
    for (const m of scope.metrics) {
      if (m.status !== 'warn' && m.status !== 'fail') continue;
      const info = metricInfo(m.metric);
      const change =
        m.relative !== undefined ? ` (${formatSignedRelative(m.relative)} vs baseline)` : '';
      candidates.push({
        scope: scope.name,
        kind: 'regression',
        view: {
          scope: scope.name,
          metric: m.metric,
          unit: m.unit,
          kind: 'regression',
          rule: m.rule ?? m.metric,
          value: m.current,
        },
        direction: m.direction === 'higher-is-better' ? 'higher-is-better' : 'lower-is-better',
        text: `${where}${info.label} ${formatMetricValue(m.unit, m.current)}${change}`,
      });
    }
    for (const t of scope.thresholds) {
      if (t.level === 'pass' || t.value === undefined) continue;
      const info = metricInfo(t.rule.metric);
      candidates.push({
        scope: scope.name,
        kind: 'threshold',
        view: {
          scope: scope.name,
          metric: t.rule.metric,
          unit: info.unit,
          kind: 'threshold',
          rule: t.rule.source,
          value: t.value,
        },
        direction: thresholdDirection(t.rule),
        text: t.message,
      });
    }
  }
  return candidates;
}

/** Which way a threshold's metric gets worse: below a `>` limit, else above it. */
function thresholdDirection(rule: ThresholdRule): Exclude<Direction, 'none'> {
  const op = (rule.failUnless ?? rule.warnUnless)?.op;
  return op === '>' || op === '>=' ? 'higher-is-better' : 'lower-is-better';
}

/**
 * The worst value that keeps a row accepted: the accepted value made worse by the noise band,
 * which is the band the gate itself uses for the metric: its regression rule's smallest
 * relative limit, but never less than the rule's floor (the smallest change that counts). A
 * row no regression rule covers gets `DEFAULT_ACCEPT_BAND` and no floor.
 */
function computeKeptUpTo(candidate: Candidate, acceptedValue: number, index: RuleIndex): number {
  const scopeRules = index.forScope(candidate.scope === 'all' ? undefined : candidate.scope);
  const rule = scopeRules.regressions.get(candidate.view.metric);
  const limits = [rule?.warnRelative, rule?.failRelative].filter(
    (limit): limit is number => limit !== undefined,
  );
  const relative = limits.length > 0 ? Math.min(...limits) : DEFAULT_ACCEPT_BAND;
  const margin = Math.max(Math.abs(acceptedValue) * relative, rule?.floor ?? 0);
  return candidate.direction === 'lower-is-better'
    ? acceptedValue + margin
    : acceptedValue - margin;
}

function isWithin(value: number, keptUpTo: number, direction: Exclude<Direction, 'none'>) {
  return direction === 'lower-is-better' ? value <= keptUpTo : value >= keptUpTo;
}

/** The scope with its accepted rows marked: metrics `accepted`, thresholds `warn` + accepted. */
function markAccepted(scope: ScenarioComparison, keys: ReadonlySet<string>): ScenarioComparison {
  const metrics = scope.metrics.map(
    (m): MetricComparison =>
      keys.has(rowKey(scope.name, 'regression', m.metric)) &&
      (m.status === 'warn' || m.status === 'fail')
        ? { ...m, status: 'accepted' }
        : m,
  );
  const thresholds = scope.thresholds.map(
    (t): ThresholdResult =>
      keys.has(rowKey(scope.name, 'threshold', t.rule.source)) && t.level !== 'pass'
        ? { ...t, level: 'warn', accepted: true }
        : t,
  );
  return { ...scope, metrics, thresholds, level: levelOf(metrics, thresholds, 'warn') };
}

/** A scope's level, accepted rows counted as `acceptedAs`. */
function levelOf(
  metrics: readonly MetricComparison[],
  thresholds: readonly ThresholdResult[],
  acceptedAs: Level,
): Level {
  return worstLevel([
    ...thresholds.map((t) => (t.accepted ? acceptedAs : t.level)),
    ...metrics.map((m) =>
      m.status === 'fail' || m.status === 'warn'
        ? m.status
        : m.status === 'accepted'
          ? acceptedAs
          : 'pass',
    ),
  ]);
}

/**
 * The verdict with `acceptance` applied: accepted rows marked, levels recomputed. Reasons are
 * rebuilt only when rows were accepted (the accepted ones move to the end, worded as such);
 * otherwise the verdict's own reasons stand, lapsed rows and the label's fate added.
 */
function withAcceptance(
  input: AcceptInput,
  acceptance: Omit<VerdictAcceptance, 'gateLevel'> & { refused: string[] },
): Verdict {
  const { verdict, current, rules } = input;
  const lapsedLines = acceptance.lapsed.map((row) => describeLapsedRow(row, acceptance));
  const closing = acceptance.reason === undefined ? [] : [acceptance.reason];
  if (acceptance.accepted.length === 0) {
    return {
      ...verdict,
      reasons: [...lapsedLines, ...verdict.reasons, ...closing],
      acceptance: { ...acceptance, gateLevel: verdict.level },
    };
  }
  const keys = new Set(
    acceptance.accepted.map((row) =>
      rowKey(row.scope, row.kind, row.kind === 'regression' ? row.metric : row.rule),
    ),
  );
  const scenarios = verdict.scenarios.map((s) => markAccepted(s, keys));
  const runFailures = checkCompletion(current.totals);
  const runLevel: Level =
    current.status !== 'completed' || runFailures.length > 0 ? 'fail' : 'pass';
  const gateScopes = scenarios.map((s) => ({
    ...s,
    thresholds: s.thresholds.map((t) => (t.accepted ? { ...t, level: 'pass' as const } : t)),
    level: levelOf(s.metrics, s.thresholds, 'pass'),
  }));
  const level = worstLevel([runLevel, ...scenarios.map((s) => s.level)]);
  const gateLevel = worstLevel([runLevel, ...gateScopes.map((s) => s.level)]);
  const acceptedLines = acceptance.accepted.map((row) => describeAcceptedRow(row, acceptance));
  const others =
    gateLevel === 'pass'
      ? []
      : describeReasons({
          current,
          scenarios: gateScopes,
          rules,
          hasBaseline: verdict.hasBaseline,
          level: gateLevel,
          index: indexRules(rules),
          runFailures,
        });
  return {
    ...verdict,
    level,
    reasons: [...lapsedLines, ...others, ...acceptedLines, ...closing],
    scenarios,
    acceptance: { ...acceptance, gateLevel },
  };
}

function describeRowValue(row: AcceptedRowView): string {
  const where = row.scope === 'all' ? '' : `${row.scope}: `;
  const value = `${metricInfo(row.metric).label} ${formatMetricValue(row.unit, row.value)}`;
  return row.kind === 'regression'
    ? `${where}${value}`
    : `${where}${value} (threshold ${row.rule})`;
}

function describeAcceptedRow(row: AcceptedRowView, acceptance: { label: string; by?: string }) {
  const kept = row.carried
    ? `, within the accepted ${formatMetricValue(row.unit, row.acceptedValue)} plus its noise band (up to ${formatMetricValue(row.unit, row.keptUpTo)})`
    : '';
  return `Accepted with the label ${acceptance.label} by @${acceptance.by ?? 'unknown'}: ${describeRowValue(row)}${kept}.`;
}

function describeLapsedRow(
  row: AcceptedRowView,
  acceptance: { label: string; acceptedSha?: string },
) {
  const on = acceptance.acceptedSha ? ` on ${shortSha(acceptance.acceptedSha)}` : '';
  return `Acceptance lapsed: ${describeRowValue(row)} is beyond the accepted ${formatMetricValue(row.unit, row.acceptedValue)}${on} plus its noise band (up to ${formatMetricValue(row.unit, row.keptUpTo)}); remove and apply the label ${acceptance.label} again to accept the new value.`;
}
