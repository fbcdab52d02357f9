import {
  formatCount,
  formatLatencyMs,
  formatPercent,
  formatRate,
  formatRunDuration,
} from '../input/format-units.js';
import { countRanScenarios } from '../judge/selection-notes.js';
import type { Verdict, VerdictConfirmation } from '../judge/types.js';
import { describeSelection } from '../profile/select-scenarios.js';
import type { ResultsFileV1 } from '../result/types.js';
import { DEFAULT_ERROR_RATE_GUARD } from '../rules/default-rules.js';
import { isAcceptedVerdict, renderAcceptanceBlocks } from './acceptance-section.js';
import { describeProtocol } from './describe-protocol.js';
import {
  escapeText,
  formatCodeSpan,
  renderBulletList,
  sanitizeCommentKey,
} from './markdown-escape.js';
import { iconOfLevel } from './scenario-table.js';

/** Reasons shown at most; the verdict lists them worst first. */
const MAX_REASONS = 20;
/** A reason line is cut at this many characters (it may quote user names). */
const MAX_REASON_CHARS = 400;

export interface HeadlineInput {
  verdict: Verdict;
  current: ResultsFileV1;
  title?: string;
  marker?: string;
}

/**
 * `<!-- loadgate:pr-checks -->`: the hidden line a sticky comment is found by. The one builder
 * of it: the report writes it and the comment lookup searches for it, so both sanitize and cut
 * the key the same way (they once did not, and long keys posted a new comment every run).
 * @param key any text (the action passes its artifact-name); see {@link sanitizeCommentKey}.
 */
export function renderCommentMarker(key: string): string {
  return `<!-- loadgate:${sanitizeCommentKey(key)} -->`;
}

/**
 * `### ❌ loadgate: fail — shop`: the title (default: the profile's name) after the dash. A
 * verdict whose only breaches were accepted by the accept label reads `### ✅ loadgate:
 * accepted — shop` (its level stays `warn`).
 */
export function renderHeadline(verdict: Verdict, title: string): string {
  if (isAcceptedVerdict(verdict)) return `### ✅ loadgate: accepted — ${escapeText(title)}`;
  return `### ${iconOfLevel(verdict.level)} loadgate: ${verdict.level} — ${escapeText(title)}`;
}

function renderReasons(reasons: readonly string[]): string | undefined {
  if (reasons.length === 0) return undefined;
  const shown = reasons.slice(0, MAX_REASONS).map((r) => escapeText(r, MAX_REASON_CHARS));
  const rest = reasons.length - shown.length;
  if (rest > 0) shown.push(`… and ${formatCount(rest)} more (see the tables below)`);
  return renderBulletList(shown);
}

/** Target, executor, measured duration, requests, throughput, the scenarios picked (a run of
 * part of the profile), and what was (not) compared. */
export function renderSummaryLine(verdict: Verdict, current: ResultsFileV1): string {
  const parts = [
    `Target ${formatCodeSpan(current.target)}`,
    escapeText(current.load.executor),
    ...[describeProtocol(current.load)].flatMap((text) => (text ? [escapeText(text)] : [])),
    `${formatRunDuration(current.durationMs)} measured`,
    `${formatCount(current.totals.requests)} requests`,
    formatRate(current.throughput.rps),
  ];
  if (verdict.sideBySide) parts.push(describeSideBySide(verdict.sideBySide));
  if (current.status !== 'completed') parts.push(`run ${current.status}`);
  if (current.shard) {
    const { index, count, startSkewMs } = current.shard;
    const skew = startSkewMs === undefined ? '' : `, start skew ${Math.round(startSkewMs)} ms`;
    parts.push(`shard ${index} of ${count} only (its share of the load${skew})`);
  }
  if (current.merged) {
    const { shards, maxStartSkewMs } = current.merged;
    const skew =
      maxStartSkewMs === undefined ? '' : `, max start skew ${formatLatencyMs(maxStartSkewMs)}`;
    parts.push(`merged from ${shards} shards${skew}`);
  }
  if (current.selection) {
    const ran = countRanScenarios(current);
    const total = ran + current.selection.leftOut.length;
    parts.push(
      `only ${escapeText(describeSelection(current.selection))} (${formatCount(ran)} of ${formatCount(total)} scenarios)`,
    );
  }
  const confirmation = verdict.confirmation && describeConfirmation(verdict.confirmation);
  if (confirmation) parts.push(confirmation);
  const warnings = verdict.runWarnings.length;
  if (warnings > 0) {
    parts.push(`⚠️ ${formatCount(warnings)} run warning${warnings === 1 ? '' : 's'} in the details`);
  }
  const line = `${parts.join(' · ')}.`;
  return verdict.hasBaseline
    ? line
    : `${line} No baseline yet: only absolute thresholds were checked.`;
}

/**
 * "measured side by side against `https://main.example.com` (paired over 58 windows; changes
 * are the median ratio of paired windows)": the baseline is the other target of the same run,
 * not an earlier run, and a change is read within each window (`estimatePairedChange`).
 */
export function describeSideBySide(sideBySide: NonNullable<Verdict['sideBySide']>): string {
  const n = sideBySide.pairedWindows;
  return `measured side by side against ${formatCodeSpan(sideBySide.baselineTarget)} (paired over ${formatCount(n)} window${n === 1 ? '' : 's'}; changes are the median ratio of paired windows)`;
}

/**
 * "🔁 2 breaches confirmed on re-measuring, 1 unconfirmed"; "🔁 1 breach unconfirmed on
 * re-measuring (not gated)"; undefined when there was nothing to confirm.
 */
export function describeConfirmation(counts: VerdictConfirmation): string | undefined {
  const { confirmed, unconfirmed } = counts;
  if (counts.remeasuredMs !== undefined) return describeTimedConfirmation(counts);
  const breaches = (n: number) => `${formatCount(n)} breach${n === 1 ? '' : 'es'}`;
  if (confirmed > 0 && unconfirmed > 0)
    return `🔁 ${breaches(confirmed)} confirmed on re-measuring, ${formatCount(unconfirmed)} unconfirmed`;
  if (confirmed > 0) return `🔁 ${breaches(confirmed)} confirmed on re-measuring`;
  if (unconfirmed > 0) return `🔁 ${breaches(unconfirmed)} unconfirmed on re-measuring (not gated)`;
  return undefined;
}

/**
 * The summary of a confirmation whose time was measured: "🔁 re-measured 2× (34.0 s): 1
 * regression confirmed"; "🔁 re-measured 1× of up to 3 (8.1 s): 1 regression unconfirmed (a
 * warning, not a failure)"; a schedule's "🔁 re-measured 1× (8.1 s): 2 breaches confirmed, 1
 * unconfirmed (not gated)"; just "🔁 re-measured 1× (8.1 s)" when no row was to confirm.
 */
function describeTimedConfirmation(counts: VerdictConfirmation): string {
  const { confirmed, unconfirmed } = counts;
  const made = counts.remeasures ?? 1;
  const upTo = counts.maxRemeasures === undefined ? '' : ` of up to ${counts.maxRemeasures}`;
  const head = `🔁 re-measured ${formatCount(made)}×${upTo} (${formatRunDuration(counts.remeasuredMs ?? 0)})`;
  const pr = counts.mode === 'regressions';
  const noun = pr ? 'regression' : 'breach';
  const rows = (n: number) => `${formatCount(n)} ${noun}${n === 1 ? '' : pr ? 's' : 'es'}`;
  const unconfirmedNote = pr ? 'a warning, not a failure' : 'not gated';
  if (confirmed > 0 && unconfirmed > 0)
    return `${head}: ${rows(confirmed)} confirmed, ${formatCount(unconfirmed)} unconfirmed (${unconfirmedNote})`;
  if (confirmed > 0) return `${head}: ${rows(confirmed)} confirmed`;
  if (unconfirmed > 0) return `${head}: ${rows(unconfirmed)} unconfirmed (${unconfirmedNote})`;
  return head;
}

/** Said when the profile had no rules of its own. */
export const DEFAULT_RULES_NOTE =
  '_No rules in the profile, so the default rules were used: a regression of p95 or p99 latency or ' +
  'of the error rate against the baseline warns or fails, and only when it is larger than a ' +
  'minimum (a floor) and unlikely to be noise. With or without a baseline, the error rate warns ' +
  `above ${formatPercent(DEFAULT_ERROR_RATE_GUARD.warnAbove)} and fails above ` +
  `${formatPercent(DEFAULT_ERROR_RATE_GUARD.failAbove)}, and a run in which no request ` +
  'completed (or most never did) fails. To set your own, add `thresholds:` (absolute limits) ' +
  'and `regressions:` (limits against the baseline) to the profile._';

/**
 * The head of the report as blocks: the sticky-comment marker (when given), the headline, the
 * verdict's reasons, the summary line, what the accept label did (with the hidden acceptance
 * record, keyed by the marker's key) and, when the defaults were used, a note saying so.
 */
export function renderHead(input: HeadlineInput): string[] {
  const { verdict, current } = input;
  const blocks: string[] = [];
  if (input.marker !== undefined) blocks.push(renderCommentMarker(input.marker));
  blocks.push(renderHeadline(verdict, input.title ?? current.profile.name));
  const reasons = renderReasons(verdict.reasons);
  if (reasons) blocks.push(reasons);
  blocks.push(renderSummaryLine(verdict, current));
  blocks.push(...renderAcceptanceBlocks(verdict, input.marker));
  if (verdict.rulesDefaulted) blocks.push(DEFAULT_RULES_NOTE);
  return blocks;
}
