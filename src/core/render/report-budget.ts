import { formatCount } from '../input/format-units.js';
import {
  DETAILS_CLOSE,
  DETAILS_OPEN,
  joinBlocks,
  measureBlocks,
  renderRemark,
} from './markdown-escape.js';
import type { ReportDetails } from './report-details.js';
import { type ScenarioSection, selectSections } from './scenario-sections.js';

/** The report's parts as blocks, in document order; the budget drops or keeps whole parts. */
export interface ReportParts {
  head: string[];
  /** The per-category table, right after the head; kept whole (it is small). */
  categories?: string[];
  /** The journeys table and the setup line, after the categories; kept whole too (at most
   * `MAX_JOURNEY_ROWS` rows). */
  journeys?: string[];
  sections: ScenarioSection[];
  collapsedLine?: string;
  details: ReportDetails;
  chart: string[];
  baselineSource?: string;
  footer: string;
}

/** What to keep: the chart, the details of every scenario, how many scenario tables. */
interface Plan {
  chart: boolean;
  scenarioDetails: boolean;
  tableLimit: number;
}

function scenarios(n: number): string {
  return `${formatCount(n)} scenario${n === 1 ? '' : 's'}`;
}

/** The document as blocks under `plan`; whatever it leaves out is said where it would be. */
export function assembleBlocks(parts: ReportParts, plan: Plan, maxChars: number): string[] {
  const limit = `to keep this report under ${formatCount(maxChars)} characters`;
  const blocks = [...parts.head, ...(parts.categories ?? []), ...(parts.journeys ?? [])];
  const kept = selectSections(parts.sections, plan.tableLimit);
  for (const section of kept) blocks.push(...section.blocks);
  const leftOut = parts.sections.length - kept.length;
  if (leftOut > 0) {
    blocks.push(
      renderRemark(
        `The tables of ${scenarios(leftOut)} were left out ${limit}; the results file has every scenario.`,
      ),
    );
  }
  if (parts.collapsedLine) blocks.push(parts.collapsedLine);
  blocks.push(DETAILS_OPEN, ...parts.details.wholeRun);
  if (plan.scenarioDetails) for (const details of parts.details.scenarios) blocks.push(...details);
  else {
    const n = parts.details.scenarios.length;
    blocks.push(
      renderRemark(
        `The details of ${scenarios(n)} were left out ${limit}; the results file has them.`,
      ),
    );
  }
  blocks.push(...parts.details.runWarnings, DETAILS_CLOSE);
  if (parts.chart.length > 0) {
    if (plan.chart) blocks.push(...parts.chart);
    else blocks.push(renderRemark(`The latency chart was left out ${limit}.`));
  }
  if (parts.baselineSource) blocks.push(parts.baselineSource);
  blocks.push(parts.footer);
  return blocks;
}

/** The largest table count in 1..n−1 that fits, or 1 when none does (length grows with it). */
function findTableLimit(fitsWith: (limit: number) => boolean, n: number): number {
  let lo = 1;
  let hi = n - 1;
  let best = 1;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (fitsWith(mid)) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/**
 * The report within `maxChars`, dropping detail before cutting, in this order: the chart, the
 * details of the scenarios (the whole run's stay), the scenario tables that matter least, and
 * only then the end of the document. Each step leaves a sentence in the report and a note.
 * The head, the categories and the journeys (with the setup line) are never dropped: they
 * come first and are bounded in rows.
 */
export function fitReport(
  parts: ReportParts,
  maxChars: number,
): { markdown: string; notes: string[] } {
  const notes: string[] = [];
  const over = `The report was over ${formatCount(maxChars)} characters`;
  const plan: Plan = { chart: true, scenarioDetails: true, tableLimit: parts.sections.length };
  const fits = (p: Plan) => measureBlocks(assembleBlocks(parts, p, maxChars)) <= maxChars;
  if (!fits(plan) && parts.chart.length > 0) {
    plan.chart = false;
    notes.push(`${over}: left out the latency chart.`);
  }
  if (!fits(plan) && parts.details.scenarios.length > 0) {
    plan.scenarioDetails = false;
    notes.push(`${over}: left out the details of ${scenarios(parts.details.scenarios.length)}.`);
  }
  const n = parts.sections.length;
  if (!fits(plan) && n > 1) {
    plan.tableLimit = findTableLimit((limit) => fits({ ...plan, tableLimit: limit }), n);
    notes.push(`${over}: left out the tables of ${scenarios(n - plan.tableLimit)}.`);
  }
  let blocks = assembleBlocks(parts, plan, maxChars);
  if (measureBlocks(blocks) > maxChars) {
    blocks = truncateBlocks(blocks, maxChars);
    notes.push(`${over}: cut the end of the report.`);
  }
  return { markdown: cutText(joinBlocks(blocks), maxChars), notes };
}

/** The size budget's last resort: cutting the end of a report, whole blocks at a time. */

/**
 * Whole blocks from the start while they fit, then a closing `</details>` when one is open, a
 * sentence saying the rest was cut (`sentence`, default: that it was cut to `maxChars`), and
 * the footer. Blocks are never split, so no table or fenced block is cut in half. A details
 * section that would be left empty is dropped.
 */
export function truncateBlocks(
  blocks: readonly string[],
  maxChars: number,
  sentence: string = renderRemark(
    `The rest of this report was cut to keep it under ${formatCount(maxChars)} characters; the results file has everything.`,
  ),
): string[] {
  const footer = blocks[blocks.length - 1] ?? '';
  const tail = (depth: number) => [...(depth > 0 ? [DETAILS_CLOSE] : []), sentence, footer];
  const kept: string[] = [];
  let used = 0;
  let depth = 0;
  for (const block of blocks.slice(0, -1)) {
    const nextDepth = depth + (block === DETAILS_OPEN ? 1 : block === DETAILS_CLOSE ? -1 : 0);
    if (used + block.length + 2 + measureBlocks(tail(nextDepth)) > maxChars) break;
    kept.push(block);
    used += block.length + 2;
    depth = nextDepth;
  }
  if (kept.at(-1) === DETAILS_OPEN) {
    kept.pop();
    depth -= 1;
  }
  return [...kept, ...tail(depth)];
}

/**
 * The absolute last resort, for a `maxChars` too small for even the head and the footer: cuts
 * text to `maxChars` UTF-16 units, never inside a surrogate pair, ending in a newline.
 */
export function cutText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, maxChars - 1);
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}\n`;
}
