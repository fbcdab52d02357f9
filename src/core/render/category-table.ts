import { formatCount, formatLatencyMs, formatPercent, formatRate } from '../input/format-units.js';
import type { CategoryResult } from '../result/types.js';
import { escapeText, renderRemark, renderTable } from './markdown-escape.js';

/** Categories tabled at most; a profile may tag every scenario differently. */
export const MAX_CATEGORY_ROWS = 50;

/**
 * Whether a run's category rollup is worth its own table: with more than one category it says
 * what no scenario row does; with one, the whole run (or that scenario) says it already.
 */
export function hasCategoryBreakdown(categories: readonly CategoryResult[] | undefined): boolean {
  return (categories?.length ?? 0) > 1;
}

/** The block rate, flagged when the category should have blocked and blocked nothing. */
export function formatBlockRateCell(category: CategoryResult): string {
  const rate = formatPercent(category.blockRate);
  return category.expectsBlocking && category.requests > 0 && category.blocked === 0
    ? `⚠️ ${rate}`
    : rate;
}

/**
 * The report's per-category table (`Category | Scenarios | Requests | Rate | Blocked | Errors
 * | p50 | p95 | p99`, latency from the intended send time) as blocks with its heading; empty
 * unless `hasCategoryBreakdown`. Names are escaped; beyond `MAX_CATEGORY_ROWS` categories the
 * rest are counted in a line below the table.
 */
export function renderCategorySection(categories: readonly CategoryResult[] | undefined): string[] {
  if (categories === undefined || !hasCategoryBreakdown(categories)) return [];
  const shown = categories.slice(0, MAX_CATEGORY_ROWS);
  const rows = shown.map((c) => [
    escapeText(c.name, 80),
    formatCount(c.scenarios.length),
    formatCount(c.requests),
    formatRate(c.rps),
    formatBlockRateCell(c),
    formatPercent(c.errorRate),
    formatLatencyMs(c.latencyMs.p50),
    formatLatencyMs(c.latencyMs.p95),
    formatLatencyMs(c.latencyMs.p99),
  ]);
  const table = renderTable(
    ['Category', 'Scenarios', 'Requests', 'Rate', 'Blocked', 'Errors', 'p50', 'p95', 'p99'],
    rows,
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const rest = categories.length - shown.length;
  const more =
    rest > 0 ? [renderRemark(`${formatCount(rest)} more categories are in the results file.`)] : [];
  return ['#### Categories', table, ...more];
}
