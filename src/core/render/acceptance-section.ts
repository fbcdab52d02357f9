/**
 * The accept label in the report: one line saying what it did (accepted by whom, ignored and
 * why, withdrawn), a table of the accepted and lapsed rows with the values they were accepted
 * at, what could not be accepted, and the hidden record later runs read back.
 */
import { formatCount } from '../input/format-units.js';
import { formatAcceptanceLine } from '../judge/accept-record.js';
import type { AcceptedRowView, Verdict, VerdictAcceptance } from '../judge/types.js';
import { formatMetricValue } from '../rules/rule-text.js';
import { escapeText, formatCodeSpan, renderBulletList, renderTable } from './markdown-escape.js';
import { labelMetric, WHOLE_RUN } from './scenario-table.js';

/** Rows listed at most in the table; the rest are counted. */
const MAX_ROWS = 50;

/** True when the label turned a verdict into "accepted": rows accepted, nothing else gating. */
export function isAcceptedVerdict(verdict: Verdict): boolean {
  const a = verdict.acceptance;
  return a !== undefined && a.accepted.length > 0 && a.gateLevel === 'pass';
}

function who(login: string | undefined): string {
  return login === undefined ? 'someone' : escapeText(`@${login}`, 100);
}

function shortSha(sha: string | undefined): string {
  return sha === undefined ? '' : ` on commit ${escapeText(sha.slice(0, 7), 7)}`;
}

/**
 * "✅ accepted: 2 regressions accepted by @octocat (`loadgate:accept-regression`) on commit
 * abc1234"; for a label that did not count, its reason.
 */
export function describeAcceptance(acceptance: VerdictAcceptance): string {
  const label = formatCodeSpan(acceptance.label, 100);
  const by = who(acceptance.by);
  switch (acceptance.state) {
    case 'accepted': {
      const n = acceptance.accepted.length;
      const rows = describeAcceptedCount(acceptance.accepted);
      const icon = acceptance.gateLevel === 'pass' ? '✅' : '🏷️';
      const lapsed =
        acceptance.lapsed.length > 0
          ? `; ${formatCount(acceptance.lapsed.length)} lapsed (beyond the accepted value plus its noise band)`
          : '';
      const head =
        n > 0
          ? `${icon} accepted: ${rows} accepted by ${by} (${label})`
          : `🏷️ ${label} applied by ${by}`;
      return `${head}${shortSha(acceptance.acceptedSha)}${lapsed}.`;
    }
    case 'nothing-to-accept':
      return `🏷️ ${label} applied by ${by}${shortSha(acceptance.acceptedSha)}: nothing breaches, nothing to accept.`;
    case 'ignored':
    case 'withdrawn':
      return `🏷️ ${escapeText(acceptance.reason ?? `${acceptance.label} does not count`, 600)}`;
  }
}

/** "2 regressions", "1 regression and 1 threshold (SLO)". */
function describeAcceptedCount(rows: readonly AcceptedRowView[]): string {
  const regressions = rows.filter((row) => row.kind === 'regression').length;
  const thresholds = rows.length - regressions;
  const parts = [
    regressions > 0 ? `${formatCount(regressions)} regression${regressions === 1 ? '' : 's'}` : '',
    thresholds > 0
      ? `${formatCount(thresholds)} threshold${thresholds === 1 ? '' : 's'} (SLO)`
      : '',
  ];
  return parts.filter((part) => part !== '').join(' and ');
}

function rowName(row: AcceptedRowView): string {
  const where = row.scope === WHOLE_RUN ? 'whole run' : escapeText(row.scope);
  const what = row.kind === 'regression' ? labelMetric(row.metric) : escapeText(row.rule);
  return `${where} · ${what}`;
}

function renderRows(acceptance: VerdictAcceptance): string | undefined {
  const rows = [
    ...acceptance.accepted.map((row) => ({ row, lapsed: false })),
    ...acceptance.lapsed.map((row) => ({ row, lapsed: true })),
  ];
  if (rows.length === 0) return undefined;
  const shown = rows
    .slice(0, MAX_ROWS)
    .map(({ row, lapsed }) => [
      rowName(row),
      row.kind === 'threshold' ? 'SLO' : 'regression',
      formatMetricValue(row.unit, row.value),
      formatMetricValue(row.unit, row.acceptedValue),
      `${row.keptUpTo < row.acceptedValue ? '≥' : '≤'} ${formatMetricValue(row.unit, row.keptUpTo)}`,
      lapsed ? '❌ lapsed: beyond its band' : '🏷️ accepted (warns)',
    ]);
  const table = renderTable(
    ['Row', 'Kind', 'Value', 'Accepted at', 'Kept while', 'Status'],
    shown,
    ['l', 'l', 'r', 'r', 'r', 'l'],
  );
  const rest = rows.length - shown.length;
  return rest > 0 ? `${table}\n\n… and ${formatCount(rest)} more rows.` : table;
}

/**
 * The report's blocks for the accept label: the summary line, the rows table, what could not be
 * accepted, and (with `key`, the sticky comment's key) the hidden record. Empty without
 * `verdict.acceptance`.
 */
export function renderAcceptanceBlocks(verdict: Verdict, key: string | undefined): string[] {
  const acceptance = verdict.acceptance;
  if (acceptance === undefined) return [];
  const blocks = [describeAcceptance(acceptance)];
  const table = renderRows(acceptance);
  if (table) blocks.push(table);
  if (acceptance.refused.length > 0) {
    blocks.push(
      `Not accepted:\n\n${renderBulletList(acceptance.refused.slice(0, MAX_ROWS).map((line) => escapeText(line, 600)))}`,
    );
  }
  if (key !== undefined && acceptance.record !== undefined)
    blocks.push(formatAcceptanceLine(key, acceptance.record));
  return blocks;
}
