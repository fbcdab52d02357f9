/**
 * Keeping a shared comment (several jobs' sections) under GitHub's size limit. A section is
 * already-rendered markdown (another job wrote it; its data is not here), so the budget works
 * on its blocks, in report-budget's order: the charts go first, then the collapsed details,
 * and only then the end of the largest sections. Every cut leaves a sentence in the section
 * and a note for the log; the job summary of each run keeps its whole report.
 */
import { formatCount } from '../input/format-units.js';
import type { CommentSection } from './comment-sections.js';
import { DETAILS_CLOSE, joinBlocks, renderRemark } from './markdown-escape.js';
import { cutText, truncateBlocks } from './report-budget.js';

/**
 * A report's top-level blocks: split at blank lines, a fenced code block kept whole even when
 * it holds blank lines. `joinBlocks` of the result gives the text back (up to outer spaces).
 */
export function splitBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let open: string | undefined;
  for (const part of markdown.trim().split('\n\n')) {
    const joined = open === undefined ? part : `${open}\n\n${part}`;
    const fences = joined.split('\n').filter((line) => /^\s*(```|~~~)/.test(line)).length;
    if (fences % 2 === 1) open = joined;
    else {
      open = undefined;
      if (joined !== '') blocks.push(joined);
    }
  }
  if (open !== undefined) blocks.push(open);
  return blocks;
}

function isChart(block: string): boolean {
  return block.startsWith('```mermaid');
}

/** The line under the report's latency chart saying which line is which (report.ts). */
function isChartLegend(block: string): boolean {
  return block.startsWith("Blue: this run's p95");
}

/** The blocks without their Mermaid charts (and the latency chart's legend); the first one
 * replaced by `remark`. Undefined when there was no chart. */
export function dropCharts(blocks: readonly string[], remark: string): string[] | undefined {
  const kept: string[] = [];
  let dropped = false;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] ?? '';
    if (!isChart(block)) {
      kept.push(block);
      continue;
    }
    if (!dropped) kept.push(remark);
    dropped = true;
    if (isChartLegend(blocks[i + 1] ?? '')) i += 1;
  }
  return dropped ? kept : undefined;
}

/** The blocks without their collapsed `<details>` parts (outermost ones, whole); the first one
 * replaced by `remark`. Undefined when there were none. */
export function dropDetails(blocks: readonly string[], remark: string): string[] | undefined {
  const kept: string[] = [];
  let depth = 0;
  let dropped = false;
  for (const block of blocks) {
    if (block.startsWith('<details>')) {
      if (depth === 0 && !dropped) kept.push(remark);
      depth += 1;
      dropped = true;
    } else if (block === DETAILS_CLOSE && depth > 0) depth -= 1;
    else if (depth === 0) kept.push(block);
  }
  return dropped ? kept : undefined;
}

/** What the budget did to the sections, by section key, for the log. */
export interface SectionCuts {
  charts: string[];
  details: string[];
  ends: string[];
}

/** The sentence each cut leaves in a section. */
function remarkOf(what: string, maxChars: number, section: CommentSection): string {
  return renderRemark(
    `${what} to keep the shared comment under ${formatCount(maxChars)} characters; the job ` +
      `summary of run ${formatCount(section.run.runId)} has the whole report.`,
  );
}

/** Notes for the log: one line per kind of cut made. */
export function describeCuts(cuts: SectionCuts, maxChars: number): string[] {
  const over = `The shared comment was over ${formatCount(maxChars)} characters`;
  const notes: string[] = [];
  if (cuts.charts.length > 0)
    notes.push(`${over}: left out the charts of ${cuts.charts.join(', ')}.`);
  if (cuts.details.length > 0)
    notes.push(`${over}: left out the details of ${cuts.details.join(', ')}.`);
  if (cuts.ends.length > 0) notes.push(`${over}: cut the end of ${cuts.ends.join(', ')}.`);
  return notes;
}

/**
 * The largest per-section length `cap` with Σ min(lengthᵢ, cap) ≤ `available` (0 when none):
 * sections under the cap stay whole, the longer ones are cut to it.
 */
export function findSectionCap(lengths: readonly number[], available: number): number {
  const total = (cap: number) => lengths.reduce((sum, n) => sum + Math.min(n, cap), 0);
  let lo = 0;
  let hi = Math.max(0, ...lengths);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (total(mid) <= available) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The sections shrunk until `measure` (the whole comment's length) is at most `maxChars`:
 * charts, then details, each from the largest section down and only as far as needed; then
 * the end of every section longer than a common cap. `measure` must grow with the bodies by
 * exactly their length (the wrapping around each body is fixed).
 */
export function fitSections(
  sections: readonly CommentSection[],
  measure: (sections: readonly CommentSection[]) => number,
  maxChars: number,
): { sections: CommentSection[]; cuts: SectionCuts } {
  const cuts: SectionCuts = { charts: [], details: [], ends: [] };
  const current = sections.map((s) => ({ ...s }));
  const steps = [
    { drop: dropCharts, what: 'The charts were left out', log: cuts.charts },
    { drop: dropDetails, what: 'The details were left out', log: cuts.details },
  ];
  for (const step of steps) {
    const largestFirst = [...current].sort((a, b) => b.body.length - a.body.length);
    for (const section of largestFirst) {
      if (measure(current) <= maxChars) return { sections: current, cuts };
      const shrunk = step.drop(splitBlocks(section.body), remarkOf(step.what, maxChars, section));
      if (!shrunk) continue;
      section.body = joinBlocks(shrunk).trim();
      step.log.push(section.key);
    }
  }
  if (measure(current) <= maxChars) return { sections: current, cuts };
  const available = maxChars - measure(current.map((s) => ({ ...s, body: '' })));
  const cap = findSectionCap(
    current.map((s) => s.body.length),
    available,
  );
  for (const section of current) {
    if (section.body.length <= cap) continue;
    const sentence = remarkOf('The rest of this section was cut', maxChars, section);
    const cut = joinBlocks(truncateBlocks(splitBlocks(section.body), cap, sentence)).trim();
    section.body = cutText(cut, cap).trim();
    cuts.ends.push(section.key);
  }
  return { sections: current, cuts };
}
