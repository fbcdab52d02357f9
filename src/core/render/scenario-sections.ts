import { formatCount } from '../input/format-units.js';
import type { ScenarioComparison } from '../judge/types.js';
import { escapeText } from './markdown-escape.js';
import { isNotableChange, renderScenarioTable, WHOLE_RUN } from './scenario-table.js';

/** With more scenarios than this (the whole run not counted), quiet passes share one line. */
export const COLLAPSE_ABOVE = 10;
/** Names listed in the line of collapsed passes; the rest are counted. */
const COLLAPSED_NAMES_SHOWN = 20;

/** One scenario's tables as blocks, with how much it matters when space runs out (0 most). */
export interface ScenarioSection {
  name: string;
  blocks: string[];
  rank: number;
}

export interface ScenarioSections {
  /** The whole run first, then the scenarios in the verdict's order. */
  sections: ScenarioSection[];
  /** "✅ 30 more scenarios passed …" when quiet passes were collapsed. */
  collapsedLine?: string;
}

/** The whole run (`all`) first, then every scenario in the verdict's order. */
export function orderScenarios(scenarios: readonly ScenarioComparison[]): ScenarioComparison[] {
  return [
    ...scenarios.filter((s) => s.name === WHOLE_RUN),
    ...scenarios.filter((s) => s.name !== WHOLE_RUN),
  ];
}

/** A pass with every change a pass (or unjudged) and every threshold met (and not only on
 * re-measuring): nothing to look at. */
function isQuiet(s: ScenarioComparison): boolean {
  return (
    s.level === 'pass' &&
    s.metrics.every((m) => !isNotableChange(m.status)) &&
    s.thresholds.every((t) => t.level === 'pass' && !t.unconfirmed)
  );
}

function rankScenario(s: ScenarioComparison): number {
  if (s.name === WHOLE_RUN) return -1;
  if (s.level === 'fail') return 0;
  if (s.level === 'warn') return 1;
  return isQuiet(s) ? 3 : 2;
}

function describeCollapsed(quiet: readonly ScenarioComparison[]): string {
  const names = quiet.slice(0, COLLAPSED_NAMES_SHOWN).map((s) => escapeText(s.name, 60));
  const rest = quiet.length - names.length;
  const list = rest > 0 ? `${names.join(', ')} and ${formatCount(rest)} more` : names.join(', ');
  return `✅ ${formatCount(quiet.length)} more scenarios passed with no notable change: ${list}.`;
}

/**
 * The per-scenario tables. With more than `COLLAPSE_ABOVE` scenarios, those that passed with no
 * notable change (no warn, fail, improvement or noise, every threshold met) are not tabled but
 * named in one line; their figures stay in the details.
 */
export function buildScenarioSections(scenarios: readonly ScenarioComparison[]): ScenarioSections {
  const ordered = orderScenarios(scenarios);
  const collapse = ordered.filter((s) => s.name !== WHOLE_RUN).length > COLLAPSE_ABOVE;
  const quiet = collapse ? ordered.filter((s) => s.name !== WHOLE_RUN && isQuiet(s)) : [];
  // A set: `quiet.includes` per scenario made reports of thousands of scenarios O(n²).
  const collapsed = new Set(quiet);
  const sections = ordered
    .filter((s) => !collapsed.has(s))
    .map((s) => ({ name: s.name, blocks: renderScenarioTable(s), rank: rankScenario(s) }));
  return quiet.length > 0 ? { sections, collapsedLine: describeCollapsed(quiet) } : { sections };
}

/**
 * The `limit` sections that matter most (the whole run, then fails, warns, notable passes; the
 * verdict's order within a rank), returned in their original order.
 */
export function selectSections(
  sections: readonly ScenarioSection[],
  limit: number,
): ScenarioSection[] {
  const byImportance = sections
    .map((section, index) => ({ section, index }))
    .sort((a, b) => a.section.rank - b.section.rank || a.index - b.index)
    .slice(0, Math.max(0, limit));
  return byImportance.sort((a, b) => a.index - b.index).map((entry) => entry.section);
}
