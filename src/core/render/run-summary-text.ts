import {
  formatCount,
  formatLatencyMs,
  formatPercent,
  formatRate,
  formatRunDuration,
} from '../input/format-units.js';
import { toTerminalText } from '../input/terminal-text.js';
import { collectRunWarnings } from '../judge/run-warnings.js';
import { describeSoakDrift, measureSoakDrift } from '../judge/soak-drift.js';
import type { CategoryResult, JourneyResult, ResultsFileV1, ShardInfo } from '../result/types.js';
import type { Figures } from '../stats/figures.js';
import { formatBlockRateCell, hasCategoryBreakdown } from './category-table.js';
import { describeProtocol } from './describe-protocol.js';
import {
  describeSetupRun,
  describeSteps,
  formatJourneyDuration,
  formatJourneyOk,
} from './journey-section.js';

const HEADER = ['scenario', 'requests', 'rate', 'p50', 'p95', 'p99', 'max', 'errors', 'blocked'];

function row(name: string, f: Figures): string[] {
  return [
    name,
    formatCount(f.totals.requests),
    formatRate(f.throughput.rps),
    formatLatencyMs(f.latencyMs.p50),
    formatLatencyMs(f.latencyMs.p95),
    formatLatencyMs(f.latencyMs.p99),
    formatLatencyMs(f.latencyMs.max),
    formatPercent(f.errorRate),
    formatPercent(f.blockRate),
  ];
}

const CATEGORY_HEADER = [
  'category',
  'scenarios',
  'requests',
  'rate',
  'p50',
  'p95',
  'p99',
  'errors',
  'blocked',
];

function categoryRow(c: CategoryResult): string[] {
  return [
    c.name,
    formatCount(c.scenarios.length),
    formatCount(c.requests),
    formatRate(c.rps),
    formatLatencyMs(c.latencyMs.p50),
    formatLatencyMs(c.latencyMs.p95),
    formatLatencyMs(c.latencyMs.p99),
    formatPercent(c.errorRate),
    formatBlockRateCell(c),
  ];
}

const JOURNEY_HEADER = ['journey', 'journeys', 'ok', 'p50', 'p95', 'p99', 'steps'];

/** Durations from the journey's intended start to its last answer, think time included. */
function journeyRow(j: JourneyResult): string[] {
  return [
    j.name,
    formatCount(j.totals.requests),
    formatJourneyOk(j),
    formatJourneyDuration(j, 'p50'),
    formatJourneyDuration(j, 'p95'),
    formatJourneyDuration(j, 'p99'),
    describeSteps(j),
  ];
}

/** Counts like {"timeout": 3, "connection_reset": 1} as "timeout 3 · connection_reset 1". */
function formatKinds(kinds: Record<string, number>): string {
  return Object.entries(kinds)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${toTerminalText(k)} ${formatCount(n)}`)
    .join(' · ');
}

/**
 * The terminal summary of one run: a headline, one row per scenario plus the total, one row
 * per category (with more than one category), one row per journey (journeys that ended, the
 * share with every step passed, durations, steps) and the setup line when the profile has them,
 * error breakdowns, send lag, and the warnings about the run itself. Latency is from each
 * request's intended send time (service time is in the results file). Names and keys from the profile or a results file go through
 * `toTerminalText`: no control character, no line break, no bidi.
 */
export function renderRunSummary(result: ResultsFileV1): string {
  const lines: string[] = [];
  const protocol = describeProtocol(result.load);
  lines.push(
    `${toTerminalText(result.profile.name)} → ${toTerminalText(result.target)} · ${toTerminalText(result.load.executor)}${protocol ? ` · ${protocol}` : ''} · ${result.status} in ${formatRunDuration(result.durationMs)}`,
  );
  if (result.shard) lines.push(describeShard(result.shard));
  const rows = result.scenarios.map((s) => row(s.name, s));
  if (result.scenarios.length > 1) rows.push(row('all', result));
  lines.push('', renderTextTable(HEADER, rows), '');
  if (result.categories && hasCategoryBreakdown(result.categories)) {
    lines.push(renderTextTable(CATEGORY_HEADER, result.categories.map(categoryRow)), '');
  }
  if (result.journeys && result.journeys.length > 0) {
    const table = renderTextTable(JOURNEY_HEADER, result.journeys.map(journeyRow), [0, 6]);
    lines.push(table, '');
  }
  if (result.setup) lines.push(`setup: ${describeSetupRun(result.setup)}`);
  const failures = formatKinds({ ...result.failureKinds });
  const errors = formatKinds(result.errorKinds);
  if (failures) lines.push(`failed responses: ${failures}`);
  if (errors) lines.push(`transport errors: ${errors}`);
  const statuses = formatKinds(result.statusCodes);
  if (statuses) lines.push(`status codes: ${statuses}`);
  // Older results files have no `redirects`; status codes above are those of final answers.
  const redirects = result.totals.redirects ?? 0;
  if (redirects > 0) lines.push(`redirects followed: ${formatCount(redirects)}`);
  lines.push(
    `service time p99 ${formatLatencyMs(result.serviceTimeMs.p99)} · send lag p50 ${formatLatencyMs(result.sendLagMs.p50)}, p99 ${formatLatencyMs(result.sendLagMs.p99)}, max ${formatLatencyMs(result.sendLagMs.max)}` +
      (result.totals.dropped > 0 ? ` · dropped ${formatCount(result.totals.dropped)}` : ''),
  );
  const drift = measureSoakDrift(result);
  if (drift) lines.push(describeSoakDrift(drift));
  for (const warning of collectRunWarnings(result)) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

/**
 * `shard 2 of 4 · start skew +3 ms`: a shard's figures are its share of the load only.
 */
export function describeShard(shard: ShardInfo): string {
  const skew =
    shard.startSkewMs === undefined
      ? ''
      : ` · start skew ${shard.startSkewMs < 0 ? '−' : '+'}${formatLatencyMs(Math.abs(shard.startSkewMs))}`;
  return `shard ${shard.index} of ${shard.count}${skew} · its share of the load only: merge all ${shard.count} with loadgate merge for the run's figures and verdict`;
}

/**
 * A plain-text table for terminals and CI logs: columns padded to their widest cell, the
 * `leftAligned` columns (names; default the first) left-aligned, the others right-aligned
 * (numbers). Cells hold user text (names), so each is made inert and kept on its row with
 * `toTerminalText`.
 */
function renderTextTable(
  header: readonly string[],
  unsafeRows: readonly (readonly string[])[],
  leftAligned: readonly number[] = [0],
): string {
  const rows = unsafeRows.map((r) => r.map(toTerminalText));
  const widths = header.map((h, col) =>
    Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, col) =>
        leftAligned.includes(col) ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}
