/**
 * Figures shared by the benchmarks: medians over rounds, and the summary rows each benchmark
 * hands to `run-all.ts` (through a JSON file, as each one runs in its own process).
 */
import { writeFileSync } from 'node:fs';

/** One line of the final table. `goal` is a relative goal (ratio or %), never an absolute rate. */
export interface SummaryRow {
  benchmark: string;
  metric: string;
  value: string;
  goal: string;
  /** 'pass' | 'FAIL' | '' (informational). */
  verdict: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function formatNumber(value: number, digits = 0): string {
  return Number.isFinite(value)
    ? value.toFixed(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
    : 'n/a';
}

export function judge(pass: boolean): string {
  return pass ? 'pass' : 'FAIL';
}

/** Renders rows as a Markdown table (also readable in a terminal). */
export function renderTable(rows: readonly SummaryRow[]): string {
  const header = ['benchmark', 'metric', 'value', 'goal', 'verdict'];
  const cells = rows.map((r) => [r.benchmark, r.metric, r.value, r.goal, r.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  // Spaced the way biome formats Markdown, so a written last-run.md passes `biome check`.
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}

/** Reads `--summary-out FILE` from the arguments; run-all passes it to collect the rows. */
export function readSummaryOutPath(args: readonly string[]): string | undefined {
  const at = args.indexOf('--summary-out');
  return at === -1 ? undefined : args[at + 1];
}

/** Prints the rows and, when asked, writes them for `run-all.ts`. */
export function reportSummary(rows: readonly SummaryRow[], args: readonly string[]): void {
  console.log(`\n${renderTable(rows)}\n`);
  const out = readSummaryOutPath(args);
  if (out) writeFileSync(out, JSON.stringify(rows));
}
