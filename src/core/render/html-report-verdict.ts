/**
 * The HTML report's account of how the verdict was reached beyond the first measurement: the
 * re-measures (`confirm: N`) of each row in order with the status each had on its own, whether
 * a breach held (confirmed) or not (unconfirmed); the confirmation summary, the side-by-side
 * baseline and what the accept label did, under the verdict. The same facts the markdown report
 * states (`describeConfirmation`, `describeSideBySide`, `describeAcceptance`), as HTML: every
 * text from a results file, a profile or a pull request goes through `escapeHtml`.
 */
import { formatCount, formatRunDuration } from '../input/format-units.js';
import type {
  ChangeStatus,
  MetricComparison,
  ThresholdResult,
  Verdict,
  VerdictAcceptance,
} from '../judge/types.js';
import type { Level, MetricUnit } from '../rules/types.js';
import { isAcceptedVerdict } from './acceptance-section.js';
import { escapeHtml } from './html-escape.js';
import { describeConfirmation } from './report-headline.js';
import {
  formatValueCell,
  labelChangeStatus,
  labelLevel,
  labelMetric,
  WHOLE_RUN,
} from './scenario-table.js';

/** Accepted and lapsed rows listed at most; the rest are counted. */
export const MAX_ACCEPTED_ROWS = 50;

/** A pull request's regression that did not fail on every re-measure: it warns. */
const UNCONFIRMED_WARN_LABEL = '🔁 unconfirmed (warns)';

/** One re-measure of a row: its value there and the status it had on its own. */
interface Remeasure {
  value: number | undefined;
  label: string;
  /** A CSS class suffix: `fail`, `warn`, `pass`, `improved` … */
  status: string;
}

/** Whether a row's breach held on re-measuring; undefined when it was not re-measured. */
export type BreachOutcome = 'confirmed' | 'unconfirmed' | 're-measured';

function remeasuresOfMetric(m: MetricComparison): Remeasure[] {
  const seen = m.confirmations ?? (m.confirmation ? [m.confirmation] : []);
  return seen.map((c) => ({
    value: c.current,
    label: labelChangeStatus(c.status),
    status: c.status,
  }));
}

function remeasuresOfThreshold(r: ThresholdResult): Remeasure[] {
  const seen = r.confirmations ?? (r.confirmation ? [r.confirmation] : []);
  return seen.map((c) => ({ value: c.value, label: labelLevel(c.level), status: c.level }));
}

/**
 * What re-measuring did to a comparison row: `confirmed` (a breach that held: still warn or
 * fail, or accepted after holding), `unconfirmed` (a breach not seen again), `re-measured` (a
 * row of a re-measured scope that was no breach); undefined when the row was not re-measured.
 */
export function readMetricOutcome(m: MetricComparison): BreachOutcome | undefined {
  if (m.confirmation === undefined) return undefined;
  if (m.unconfirmed || m.status === 'unconfirmed') return 'unconfirmed';
  const breach: readonly ChangeStatus[] = ['warn', 'fail', 'accepted'];
  return breach.includes(m.status) ? 'confirmed' : 're-measured';
}

/** {@link readMetricOutcome} for a threshold: broken again (or accepted after), or met. */
export function readThresholdOutcome(r: ThresholdResult): BreachOutcome | undefined {
  if (r.confirmation === undefined) return undefined;
  if (r.unconfirmed) return 'unconfirmed';
  return r.accepted || r.level !== 'pass' ? 'confirmed' : 're-measured';
}

const OUTCOME_TEXT: Record<BreachOutcome, string> = {
  confirmed: '🔁 breach confirmed on re-measuring',
  unconfirmed: '🔁 breach unconfirmed on re-measuring',
  're-measured': 're-measured',
};

function renderRemeasures(
  seen: readonly Remeasure[],
  unit: MetricUnit,
  outcome: BreachOutcome | undefined,
): string {
  if (seen.length === 0) return '';
  const items = seen.map(
    (again, i) =>
      `<li class="status-${escapeHtml(again.status)}" data-remeasure="${i + 1}">${escapeHtml(`re-measure ${i + 1}: ${formatValueCell(again.value, unit)} · ${again.label}`)}</li>`,
  );
  const summary =
    outcome === undefined || outcome === 're-measured'
      ? ''
      : `<span class="outcome outcome-${outcome}">${escapeHtml(OUTCOME_TEXT[outcome])}</span>`;
  return `<ol class="remeasures">${items.join('')}</ol>${summary}`;
}

/** The re-measured values of a comparison row, in order, each with its own status, and whether
 * its breach was confirmed; empty when it was not re-measured. */
export function renderMetricRemeasures(m: MetricComparison): string {
  return renderRemeasures(remeasuresOfMetric(m), m.unit, readMetricOutcome(m));
}

/** {@link renderMetricRemeasures} for a threshold row. */
export function renderThresholdRemeasures(r: ThresholdResult, unit: MetricUnit): string {
  return renderRemeasures(remeasuresOfThreshold(r), unit, readThresholdOutcome(r));
}

/** A comparison row's status words: "🔁 unconfirmed (warns)" for a pull request's row that did
 * not fail on every re-measure, "— not gated" for a metric no rule covers. */
export function labelMetricStatus(m: MetricComparison): string {
  if (m.rule === undefined && m.status === 'pass') return '— not gated';
  return m.unconfirmed ? UNCONFIRMED_WARN_LABEL : labelChangeStatus(m.status);
}

/** "❌ fail", or "✅ accepted (warn, not gating)" when the accept label accepted every breach. */
export function labelVerdict(verdict: Verdict): string {
  if (isAcceptedVerdict(verdict)) return `✅ accepted (${verdict.level}, not gating)`;
  return labelLevel(verdict.level);
}

function renderSideBySide(sideBySide: NonNullable<Verdict['sideBySide']>): string {
  const n = sideBySide.pairedWindows;
  return `<p class="side-by-side">Measured side by side against <code>${escapeHtml(sideBySide.baselineTarget)}</code> (paired over ${escapeHtml(formatCount(n))} window${n === 1 ? '' : 's'}): the baseline is the other target of the same run, and each change is the median over the paired windows.</p>`;
}

function renderConfirmation(verdict: Verdict): string {
  const counts = verdict.confirmation;
  if (counts === undefined) return '';
  const summary = describeConfirmation(counts);
  const firstLevel: Level | undefined = counts.firstLevel;
  const first =
    firstLevel !== undefined && firstLevel !== verdict.level
      ? ` On the first measurement alone the verdict was ${labelLevel(firstLevel)}.`
      : '';
  const text =
    summary ??
    `🔁 re-measured${counts.remeasuredMs === undefined ? '' : ` (${formatRunDuration(counts.remeasuredMs)})`}: nothing to confirm`;
  return `<p class="confirmation">${escapeHtml(`${text}.${first}`)}</p>`;
}

function who(login: string | undefined): string {
  return login === undefined ? 'someone' : `@${login}`;
}

function renderAcceptedRows(acceptance: VerdictAcceptance): string {
  const rows = [
    ...acceptance.accepted.map((row) => ({ row, lapsed: false })),
    ...acceptance.lapsed.map((row) => ({ row, lapsed: true })),
  ];
  if (rows.length === 0) return '';
  const shown = rows.slice(0, MAX_ACCEPTED_ROWS).map(({ row, lapsed }) => {
    const where = row.scope === WHOLE_RUN ? 'whole run' : row.scope;
    const what = row.kind === 'regression' ? labelMetric(row.metric) : row.rule;
    const kept = `${row.keptUpTo < row.acceptedValue ? '≥' : '≤'} ${formatValueCell(row.keptUpTo, row.unit)}`;
    const status = lapsed ? '❌ lapsed: beyond its band' : '🏷️ accepted (warns)';
    return `<tr class="status-${lapsed ? 'fail' : 'accepted'}"><td>${escapeHtml(where)}</td><td>${escapeHtml(what)}</td><td>${row.kind === 'threshold' ? 'SLO' : 'regression'}</td><td class="num">${escapeHtml(formatValueCell(row.value, row.unit))}</td><td class="num">${escapeHtml(formatValueCell(row.acceptedValue, row.unit))}</td><td class="num">${escapeHtml(kept)}</td><td>${escapeHtml(status)}</td></tr>`;
  });
  const more = rows.length - shown.length;
  return [
    '<div class="scroll"><table class="accepted"><thead><tr><th scope="col">Scope</th><th scope="col">Row</th><th scope="col">Kind</th><th scope="col">Value</th><th scope="col">Accepted at</th><th scope="col">Kept while</th><th scope="col">Status</th></tr></thead>',
    `<tbody>${shown.join('')}</tbody></table></div>`,
    more > 0 ? `<p class="note">… and ${formatCount(more)} more rows, not listed.</p>` : '',
  ].join('');
}

/** "accepted: 2 rows accepted by @octocat (`label`) on commit abc1234", as plain text. */
function describeAcceptanceText(acceptance: VerdictAcceptance): string {
  const sha = acceptance.acceptedSha ? ` on commit ${acceptance.acceptedSha.slice(0, 7)}` : '';
  const by = who(acceptance.by);
  switch (acceptance.state) {
    case 'accepted': {
      const n = acceptance.accepted.length;
      const lapsed =
        acceptance.lapsed.length > 0
          ? `; ${formatCount(acceptance.lapsed.length)} lapsed (beyond the accepted value plus its noise band)`
          : '';
      const head =
        n > 0
          ? `${acceptance.gateLevel === 'pass' ? '✅' : '🏷️'} ${formatCount(n)} row${n === 1 ? '' : 's'} accepted by ${by} (label ${acceptance.label})`
          : `🏷️ label ${acceptance.label} applied by ${by}`;
      return `${head}${sha}${lapsed}.`;
    }
    case 'nothing-to-accept':
      return `🏷️ label ${acceptance.label} applied by ${by}${sha}: nothing breaches, nothing to accept.`;
    case 'ignored':
    case 'withdrawn':
      return `🏷️ ${acceptance.reason ?? `${acceptance.label} does not count`}`;
  }
}

function renderAcceptance(acceptance: VerdictAcceptance | undefined): string {
  if (acceptance === undefined) return '';
  const refused =
    acceptance.refused.length > 0
      ? `<h3>Not accepted</h3><ul class="refused">${acceptance.refused
          .slice(0, MAX_ACCEPTED_ROWS)
          .map((line) => `<li>${escapeHtml(line)}</li>`)
          .join('')}</ul>`
      : '';
  return [
    `<div class="acceptance"><h3>Accept label</h3><p>${escapeHtml(describeAcceptanceText(acceptance))}</p>`,
    renderAcceptedRows(acceptance),
    refused,
    '</div>',
  ].join('');
}

/**
 * What the verdict section adds under the reasons: the confirmation summary (re-measures made,
 * time spent, breaches confirmed and unconfirmed, the first measurement's level when it
 * differed), the side-by-side baseline target and pairs, and the accept label's effect with
 * the accepted and lapsed rows (who labelled, at which values). Empty when none applies.
 */
export function renderVerdictNotes(verdict: Verdict): string {
  return [
    renderConfirmation(verdict),
    verdict.sideBySide ? renderSideBySide(verdict.sideBySide) : '',
    renderAcceptance(verdict.acceptance),
  ].join('');
}
