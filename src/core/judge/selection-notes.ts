import { formatCount, listNames } from '../input/format-units.js';
import { quoteForTerminal } from '../input/terminal-text.js';
import { describeSelection } from '../profile/select-scenarios.js';
import type { ResultsFileV1 } from '../result/types.js';
import { isDefaultRule } from '../rules/default-rules.js';
import type { Rules } from '../rules/types.js';

/** Rules listed by source before the rest are counted: a profile may rule hundreds. */
const RULES_LISTED = 10;

/**
 * Scenarios that ran, as the profile lists them (the unit `selection.leftOut` counts in): plain
 * scenarios plus journeys, whose step rows count once as their journey; setup rows not at all.
 */
export function countRanScenarios(result: Pick<ResultsFileV1, 'scenarios' | 'journeys'>): number {
  const plain = result.scenarios.filter((row) => row.journey === undefined && !row.setup).length;
  return plain + (result.journeys?.length ?? 0);
}

/** Whether a rule's row is a left-out scenario, or a step (`shopper/list`) of a left-out journey. */
function isLeftOut(row: string, leftOut: ReadonlySet<string>): boolean {
  if (leftOut.has(row)) return true;
  const slash = row.indexOf('/');
  return slash > 0 && leftOut.has(row.slice(0, slash));
}

/**
 * What a reader of a run of part of a profile (`--category`, `--scenario`) must know: what was
 * picked and left out, and which rules the profile wrote for left-out scenarios, since those
 * were not evaluated (neither met nor broken). Default rules of left-out scenarios are not
 * listed: nobody wrote them. Empty for a run of the whole profile.
 * @param rules the profile's rules, as the verdict is built with.
 */
export function describeSelectionNotes(
  result: Pick<ResultsFileV1, 'selection' | 'scenarios' | 'journeys'>,
  rules: Pick<Rules, 'thresholds' | 'regressions'>,
): string[] {
  const selection = result.selection;
  if (selection === undefined) return [];
  const leftOut = new Set(selection.leftOut);
  const ran = countRanScenarios(result);
  const lines = [
    `This run measured only ${describeSelection(selection)}: ${formatCount(ran)} of ${formatCount(ran + leftOut.size)} scenarios` +
      (leftOut.size > 0
        ? `, leaving out ${listNames(selection.leftOut, quoteForTerminal)}. The whole run's figures are those of the scenarios that ran.`
        : '.'),
  ];
  const skipped = [...rules.thresholds, ...rules.regressions].filter(
    (rule) =>
      rule.scenario !== undefined && isLeftOut(rule.scenario, leftOut) && !isDefaultRule(rule),
  );
  if (skipped.length > 0) {
    const shown = skipped
      .slice(0, RULES_LISTED)
      .map((rule) => `${quoteForTerminal(rule.scenario ?? '')}: ${rule.source}`);
    const more = skipped.length - shown.length;
    const count = skipped.length === 1 ? '1 rule was' : `${formatCount(skipped.length)} rules were`;
    lines.push(
      `${count} not evaluated, because ${skipped.length === 1 ? 'its scenario' : 'their scenarios'} did not run: ${shown.join('; ')}${more > 0 ? `; and ${formatCount(more)} more` : ''}.`,
    );
  }
  return lines;
}
