/**
 * The trend of a series: its last runs as a table and two Mermaid charts (markdown, for the job
 * summary and the regression issue), or as an aligned plain-text table (the terminal,
 * `loadgate history show FILE`). Entries come from a history file, which a user can edit: every
 * name, commit and URL in them is treated as hostile. Mermaid blocks hold only numbers and
 * labels made here from dates, never text from an entry.
 */
import type { HistoryEntry } from '../history/types.js';
import { formatCount, formatLatencyMs, formatPercent, formatRate } from '../input/format-units.js';
import { toTerminalText } from '../input/terminal-text.js';
import type { Level } from '../rules/types.js';
import { escapeText, joinBlocks, renderTable, truncateText } from './markdown-escape.js';
import { iconOfLevel } from './scenario-table.js';

/** Rows the trend shows by default. */
export const DEFAULT_TREND_ROWS = 20;
/** Rows it never exceeds, whatever is asked: keeps the section bounded. */
export const MAX_TREND_ROWS = 100;
/** Characters the section takes at most, besides {@link TREND_CHARS_PER_ROW} per row. */
export const TREND_BASE_CHARS = 2_000;
/** Characters one table row and its two chart points take at most. */
export const TREND_CHARS_PER_ROW = 600;

/** A run URL longer than this is not linked (a real Actions run URL is about 80 characters). */
const MAX_URL_CHARS = 300;
/** An absolute https URL of plain characters only: nothing that could end a link or open markup. */
const SAFE_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~%/=-]*)?$/;
const HEX_COMMIT = /^[0-9a-f]{7,64}$/i;

export interface TrendSectionOptions {
  /** Newest runs shown, default {@link DEFAULT_TREND_ROWS}, clamped to 1..{@link MAX_TREND_ROWS}. */
  maxRows?: number;
  /** Heading text (escaped); default `Trend: <profile> (<layer>/<interval>)`. */
  title?: string;
  /**
   * Where run URLs may point, e.g. `https://github.com`: a run URL is linked only when it starts
   * with it (and is a plain https URL); otherwise the commit is shown unlinked.
   */
  serverUrl?: string;
}

export interface TrendTextOptions {
  /** Newest runs shown, default {@link DEFAULT_TREND_ROWS}, clamped to 1..{@link MAX_TREND_ROWS}. */
  last?: number;
}

/**
 * The trend as markdown blocks: a heading, a table of the newest runs (newest first) and, with
 * two runs or more, two Mermaid `xychart-beta` charts oldest → newest (p95 latency in ms, error
 * rate in %; xychart has no legend, so each chart's title names its figure).
 *
 * Columns: when (UTC; a merged entry shows its day or its span and `×runs`), commit (7
 * characters, linked to the run when its URL is a plain https URL under `serverUrl`), p50, p95,
 * p99, throughput, error rate, block rate, verdict (icon and word, then `confirmed` or
 * `unconfirmed` when the run breached, and the status when it did not complete).
 *
 * @param entries one series, oldest first (as the history file keeps them).
 * @returns markdown ending in a newline, at most `TREND_BASE_CHARS + TREND_CHARS_PER_ROW × rows`
 *   characters (≤ 14,000 at the default 20 rows, ≤ 62,000 at 100); one remark when `entries`
 *   is empty.
 */
export function renderTrendSection(
  entries: readonly HistoryEntry[],
  options: TrendSectionOptions = {},
): string {
  const newest = entries.at(-1);
  const title = options.title ?? (newest ? `Trend: ${describeSeries(newest)}` : 'Trend');
  const heading = `### 📈 ${escapeText(title)}`;
  if (newest === undefined) return joinBlocks([heading, '_No runs in the history yet._']);
  const shown = entries.slice(-clampRows(options.maxRows));
  const serverUrl = options.serverUrl?.replace(/\/+$/, '');
  const rows = [...shown]
    .reverse()
    .map((entry) => [
      escapeText(describeWhen(entry)),
      renderCommitCell(entry, serverUrl),
      formatLatencyMs(entry.overall.latencyMs.p50),
      formatLatencyMs(entry.overall.latencyMs.p95),
      formatLatencyMs(entry.overall.latencyMs.p99),
      formatRate(entry.overall.rps),
      formatPercent(entry.overall.errorRate),
      formatPercent(entry.overall.blockRate),
      `${iconOfLevel(safeLevel(entry.verdict))} ${describeVerdict(entry)}`,
    ]);
  const table = renderTable(
    ['When (UTC)', 'Commit', 'p50', 'p95', 'p99', 'Throughput', 'Errors', 'Blocked', 'Verdict'],
    rows,
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
  const blocks = [heading, describeShown(shown, entries.length, 'newest first'), table];
  if (shown.length >= 2) {
    const labels = chartLabels(shown);
    blocks.push(
      renderChart(
        'p95 latency (ms), oldest to newest',
        'ms',
        labels,
        shown.map((e) => e.overall.latencyMs.p95),
      ),
      renderChart(
        'Error rate (%), oldest to newest',
        '%',
        labels,
        shown.map((e) => e.overall.errorRate * 100),
      ),
    );
  }
  return joinBlocks(blocks);
}

/**
 * The trend as plain text for a terminal: a one-line summary (entries and runs shown, their
 * span, the series), then an aligned table, newest last, with the columns of
 * {@link renderTrendSection} (the verdict as a word, last so nothing after it needs aligning,
 * and a series column when the entries mix series). Names and commits are made inert with
 * `toTerminalText`; lines end in `\n`. Empty history: one line saying so.
 */
export function renderTrendText(
  entries: readonly HistoryEntry[],
  options: TrendTextOptions = {},
): string {
  if (entries.length === 0) return 'No runs in the history yet.\n';
  const shown = entries.slice(-clampRows(options.last));
  const series = new Set(shown.map((e) => seriesText(e)));
  const mixed = series.size > 1;
  const header = [
    'when (UTC)',
    'commit',
    'p50',
    'p95',
    'p99',
    'rps',
    'errors',
    'blocked',
    ...(mixed ? ['series'] : []),
    'verdict',
  ];
  const rows = shown.map((entry) => [
    toTerminalText(describeWhen(entry)),
    commitText(entry.commit),
    formatLatencyMs(entry.overall.latencyMs.p50),
    formatLatencyMs(entry.overall.latencyMs.p95),
    formatLatencyMs(entry.overall.latencyMs.p99),
    formatRate(entry.overall.rps).replace(' req/s', ''),
    formatPercent(entry.overall.errorRate),
    formatPercent(entry.overall.blockRate),
    ...(mixed ? [toTerminalText(seriesText(entry))] : []),
    describeVerdict(entry),
  ]);
  const right = new Set([2, 3, 4, 5, 6, 7]);
  const widths = header.map((h, i) =>
    Math.max(widthOf(h), ...rows.map((row) => widthOf(row[i] ?? ''))),
  );
  const lines = [header, ...rows].map((row) =>
    row
      .map((cell, i) => {
        if (i === row.length - 1) return cell;
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - widthOf(cell)));
        return right.has(i) ? `${pad}${cell}` : `${cell}${pad}`;
      })
      .join('  ')
      .trimEnd(),
  );
  const seriesNote = mixed
    ? `${formatCount(series.size)} series`
    : `series ${toTerminalText(seriesText(shown[0] as HistoryEntry))}`;
  const summary = `${describeShown(shown, entries.length, 'newest last')} ${describeSpan(shown)} · ${seriesNote}`;
  return `${[summary, ...lines].join('\n')}\n`;
}

/** `2026-11-30 13:05` (UTC) for an ISO time; `–` when it does not parse. */
export function formatUtcMinute(iso: string | undefined): string {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  if (!Number.isFinite(ms)) return '–';
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** `shop (scheduled/hourly)`: the series a trend or an issue is about, as plain text. */
export function describeSeries(entry: HistoryEntry): string {
  return `${entry.profile} (${entry.layer}/${entry.interval})`;
}

/** Whether `url` may be linked: a plain https URL (under `serverUrl` when given), ≤ 300 chars. */
export function isLinkableUrl(url: string | undefined, serverUrl?: string): url is string {
  if (url === undefined || url.length > MAX_URL_CHARS || !SAFE_URL.test(url)) return false;
  if (serverUrl === undefined) return true;
  const base = serverUrl.replace(/\/+$/, '');
  return SAFE_URL.test(base) && url.startsWith(`${base}/`);
}

/** A commit as 7 hex characters in a code span, or its first 12 characters escaped when it is
 * not a hex id (a hand-edited history), or `–`. Safe in a table cell. */
export function renderCommit(commit: string | undefined): string {
  if (commit === undefined || commit === '') return '–';
  if (HEX_COMMIT.test(commit)) return `\`${commit.slice(0, 7).toLowerCase()}\``;
  return escapeText(commit, 12);
}

/** Whether `commit` is a hex commit id, fit for a compare link. */
export function isCommitId(commit: string | undefined): commit is string {
  return commit !== undefined && HEX_COMMIT.test(commit);
}

function renderCommitCell(entry: HistoryEntry, serverUrl: string | undefined): string {
  const commit = renderCommit(entry.commit);
  if (commit === '–' || !isLinkableUrl(entry.runUrl, serverUrl)) return commit;
  return `[${commit}](${entry.runUrl})`;
}

function commitText(commit: string | undefined): string {
  if (commit === undefined || commit === '') return '–';
  if (HEX_COMMIT.test(commit)) return commit.slice(0, 7).toLowerCase();
  return toTerminalText(truncateText(commit, 12));
}

function clampRows(rows: number | undefined): number {
  if (rows === undefined || !Number.isFinite(rows)) return DEFAULT_TREND_ROWS;
  return Math.min(MAX_TREND_ROWS, Math.max(1, Math.floor(rows)));
}

/** A level from a file may be anything; an unknown one reads as fail (never hides a problem). */
function safeLevel(level: Level): Level {
  return level === 'pass' || level === 'warn' ? level : 'fail';
}

/** `fail · confirmed`, `pass`, `fail · interrupted`. */
function describeVerdict(entry: HistoryEntry): string {
  const parts: string[] = [safeLevel(entry.verdict)];
  if (entry.breach === 'confirmed' || entry.breach === 'unconfirmed') parts.push(entry.breach);
  if (entry.status === 'interrupted' || entry.status === 'aborted') parts.push(entry.status);
  return parts.join(' · ');
}

function isMerged(entry: HistoryEntry): boolean {
  return entry.runs > 1 || entry.until !== undefined;
}

/** `2026-11-30 13:05`; merged: `2026-11-30 ×24` (one day) or `2026-11-23 → 11-29 ×168`. */
function describeWhen(entry: HistoryEntry): string {
  if (!isMerged(entry)) return formatUtcMinute(entry.at);
  const runs = ` ×${formatCount(entry.runs)}`;
  const first = formatUtcMinute(entry.at).slice(0, 10);
  const last = formatUtcMinute(entry.until ?? entry.at).slice(0, 10);
  if (first === last || last === '–') return `${first}${runs}`;
  const end = first.slice(0, 4) === last.slice(0, 4) ? last.slice(5) : last;
  return `${first} → ${end}${runs}`;
}

function seriesText(entry: HistoryEntry): string {
  return truncateText(`${entry.profile} ${entry.layer}/${entry.interval}`, 80);
}

function describeShown(shown: readonly HistoryEntry[], total: number, order: string): string {
  const runs = shown.reduce((sum, e) => sum + (Number.isFinite(e.runs) ? e.runs : 1), 0);
  const entries = `${formatCount(shown.length)} of ${formatCount(total)} entr${total === 1 ? 'y' : 'ies'}`;
  const runNote = runs === shown.length ? '' : ` (${formatCount(runs)} runs)`;
  return `${entries}${runNote}, ${order}.`;
}

function describeSpan(shown: readonly HistoryEntry[]): string {
  const first = shown[0];
  const last = shown.at(-1);
  if (!first || !last) return '';
  return `From ${formatUtcMinute(first.at)} to ${formatUtcMinute(last.until ?? last.at)} UTC`;
}

function widthOf(text: string): number {
  return Array.from(text).length;
}

/**
 * Short x-axis labels, oldest first: `11-30 13h` for a run, `11-30` for a merged day,
 * `wk 11-23` for a merged span. Labels must be distinct (a band axis drops repeated values and
 * would misplace the points), so clashing runs get minutes, and any clash left a `#n` suffix.
 */
function chartLabels(shown: readonly HistoryEntry[]): string[] {
  const base = shown.map((entry) => {
    const when = formatUtcMinute(entry.at);
    if (when === '–') return '?';
    if (!isMerged(entry)) return `${when.slice(5, 10)} ${when.slice(11, 13)}h`;
    const last = formatUtcMinute(entry.until ?? entry.at);
    return last.slice(0, 10) === when.slice(0, 10) ? when.slice(5, 10) : `wk ${when.slice(5, 10)}`;
  });
  const precise = shown.map((entry, i) => {
    const label = base[i] as string;
    const clashes = base.filter((other) => other === label).length > 1;
    return clashes && label.endsWith('h') ? formatUtcMinute(entry.at).slice(5) : label;
  });
  const seen = new Map<string, number>();
  return precise.map((label) => {
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} #${count}`;
  });
}

/** Three significant digits (two decimals at most), finite and non-negative, no exponent. */
function chartValue(value: number): string {
  if (!Number.isFinite(value) || value <= 0) return '0';
  const capped = Math.min(value, 1e9);
  const digits = capped >= 100 ? 0 : capped >= 10 ? 1 : 2;
  return String(Number(capped.toFixed(digits)));
}

/** The top of the y axis: the next of 1, 2, 2.5, 5 × 10^k at or above 110 % of the largest. */
function niceCeiling(values: readonly number[]): number {
  const largest = Math.max(0, ...values.map((v) => Number(chartValue(v))));
  if (largest === 0) return 1;
  const target = largest * 1.1;
  const magnitude = 10 ** Math.floor(Math.log10(target));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= target) ?? 10;
  return Number((step * magnitude).toPrecision(3));
}

function renderChart(
  title: string,
  unit: string,
  labels: readonly string[],
  values: readonly number[],
): string {
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
    `  y-axis "${unit}" 0 --> ${niceCeiling(values)}`,
    `  line [${values.map(chartValue).join(', ')}]`,
    '```',
  ].join('\n');
}
