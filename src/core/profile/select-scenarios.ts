/**
 * Manual runs of part of a profile: `--category policy --rate 100` runs only the policy
 * scenarios, at the whole rate asked for. Applied after parsing, like the overrides, so the
 * profile is checked whole (its rules may name every scenario) before part of it runs.
 */
import type { InputIssue } from '../input/format-issues.js';
import { listNames } from '../input/format-units.js';
import { quoteForTerminal } from '../input/terminal-text.js';
import { formatDidYouMean } from '../input/unknown-keys.js';
import type { Journey, Profile, Scenario } from './types.js';

/** Names as given on a command line or in action inputs; empty lists select nothing. */
export interface ScenarioSelection {
  categories: readonly string[];
  scenarios: readonly string[];
}

/** How the selection is named in issues: flags (`--category`) or action inputs. */
export interface SelectionLabels {
  category: string;
  scenario: string;
}

/** The CLI flag names. */
export const DEFAULT_SELECTION_LABELS: Readonly<SelectionLabels> = {
  category: '--category',
  scenario: '--scenario',
};

export type SelectResult = { ok: true; profile: Profile } | { ok: false; issues: InputIssue[] };

/**
 * A list input as the action takes it: one name per line, or several on one line separated by
 * commas (`policy, security`). Names are trimmed; empty ones are dropped. A name holding a comma
 * must be given one per line, on two lines at least.
 */
export function splitNameList(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const names = lines.length > 1 ? lines : text.split(',');
  return names.map((name) => name.trim()).filter((name) => name !== '');
}

/** Each name once, in the order first given. */
function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

/** `"policy"`: names are free text, so they are quoted (and cannot run into the list), with
 * any invisible character shown as an escape. */
function quote(name: string): string {
  return quoteForTerminal(name);
}

/**
 * One scenario as written: a plain scenario (one row) or a journey (its steps' rows). What a
 * selection keeps or leaves out, always whole.
 */
export interface ScenarioEntry {
  /** The scenario's name: the row's, or the journey's. */
  name: string;
  category?: string;
  /** Its weight in the mix (a journey's counts once). */
  weight: number;
  /** Indexes in `Profile.scenarios`. */
  rows: number[];
  /** Index in `Profile.journeys`, for a journey. */
  journey?: number;
}

/**
 * The profile's scenarios as written, in order: plain rows and journeys (at their first step).
 * Measured setup rows belong to no entry.
 */
export function listScenarioEntries(
  profile: Pick<Profile, 'scenarios' | 'journeys'>,
): ScenarioEntry[] {
  const entries: ScenarioEntry[] = [];
  const journeys = profile.journeys ?? [];
  const listed = new Set<number>();
  profile.scenarios.forEach((scenario, row) => {
    if (scenario.setup) return;
    if (scenario.journey === undefined) {
      entries.push({
        name: scenario.name,
        ...categoryOf(scenario),
        weight: scenario.weight,
        rows: [row],
      });
      return;
    }
    const index = journeys.findIndex((journey) => journey.steps.some((s) => s.scenario === row));
    const journey = journeys[index];
    if (journey === undefined || listed.has(index)) return;
    listed.add(index);
    entries.push({
      name: journey.name,
      ...categoryOf(journey),
      weight: journey.weight,
      rows: journey.steps.map((step) => step.scenario),
      journey: index,
    });
  });
  return entries;
}

function categoryOf(scenario: Pick<Scenario | Journey, 'category'>): { category?: string } {
  return scenario.category === undefined ? {} : { category: scenario.category };
}

/**
 * The profile with only the `kept` entries (and every measured setup row, since setup runs
 * whatever is selected), row indexes of journeys and setup requests renumbered.
 */
export function keepScenarioEntries(profile: Profile, kept: readonly ScenarioEntry[]): Profile {
  const keptRows = new Set(kept.flatMap((entry) => entry.rows));
  const newIndex = new Map<number, number>();
  const scenarios = profile.scenarios.filter((scenario, row) => {
    if (!keptRows.has(row) && !scenario.setup) return false;
    newIndex.set(row, newIndex.size);
    return true;
  });
  const renumber = (row: number) => newIndex.get(row) ?? row;
  const keptJourneys = new Set(
    kept.flatMap((entry) => (entry.journey === undefined ? [] : [entry.journey])),
  );
  const journeys = (profile.journeys ?? [])
    .filter((_, index) => keptJourneys.has(index))
    .map((journey) => ({
      ...journey,
      steps: journey.steps.map((step) => ({ ...step, scenario: renumber(step.scenario) })),
    }));
  const setup = profile.setup && {
    ...profile.setup,
    requests: profile.setup.requests.map((request) =>
      request.row === undefined ? request : { ...request, row: renumber(request.row) },
    ),
  };
  return {
    ...profile,
    scenarios,
    ...(profile.journeys === undefined ? {} : { journeys }),
    ...(setup === undefined ? {} : { setup }),
  };
}

/**
 * Keeps the scenarios the selection names: a scenario is kept when its name is one of
 * `selection.scenarios` OR its category one of `selection.categories` (the union: `--category
 * policy --scenario health` runs every policy scenario and health). Names match exactly (case
 * included). A journey is kept or left out whole: it is named by its own name, or by any of its
 * steps' rows (`--scenario shopper/list` runs the whole journey "shopper", since a step cannot
 * run without the steps before it), and its category is its steps'. Measured setup rows
 * (`setup/<name>`) always stay: setup runs for any selection. Weights are unchanged, so each kept scenario's share of the mix is its weight over
 * the kept weights' sum; the rate (or VUs) stays the profile's or the override's: the load
 * asked for goes to the kept scenarios. Rules are kept whole: the judge leaves out those of
 * scenarios that did not run, and the report names them (`selection` records what was left out).
 * An empty selection returns the profile unchanged, without `selection`.
 * @returns the profile with only the kept scenarios, or one issue per unknown name at its label,
 *   with a did-you-mean and the known categories or scenario names.
 */
export function selectScenarios(
  profile: Profile,
  selection: ScenarioSelection,
  labels: SelectionLabels = DEFAULT_SELECTION_LABELS,
): SelectResult {
  const categories = unique(selection.categories);
  const scenarios = unique(selection.scenarios);
  if (categories.length === 0 && scenarios.length === 0) return { ok: true, profile };
  const entries = listScenarioEntries(profile);
  const knownCategories = unique(
    entries.flatMap((entry) => (entry.category === undefined ? [] : [entry.category])),
  );
  const knownNames = entries.flatMap((entry) =>
    entry.journey === undefined
      ? [entry.name]
      : [entry.name, ...entry.rows.map((row) => profile.scenarios[row]?.name ?? '')],
  );
  const issues: InputIssue[] = [];
  const categorySet = new Set(knownCategories);
  for (const name of categories.filter((c) => !categorySet.has(c))) {
    const known =
      knownCategories.length === 0
        ? 'this profile has no categories (scenarios[].category)'
        : `the profile's categories: ${listNames(knownCategories, quote)}`;
    const message = `no scenario has the category ${quote(name)}${formatDidYouMean(name, knownCategories)}; ${known}`;
    issues.push({ path: labels.category, message });
  }
  const nameSet = new Set(knownNames);
  for (const name of scenarios.filter((n) => !nameSet.has(n))) {
    const message = `no scenario is named ${quote(name)}${formatDidYouMean(name, knownNames)}; the profile's scenarios: ${listNames(knownNames, quote)}`;
    issues.push({ path: labels.scenario, message });
  }
  if (issues.length > 0) return { ok: false, issues };
  const wantedNames = new Set(scenarios);
  const wantedCategories = new Set(categories);
  const isKept = (entry: ScenarioEntry) =>
    wantedNames.has(entry.name) ||
    entry.rows.some((row) => wantedNames.has(profile.scenarios[row]?.name ?? '')) ||
    (entry.category !== undefined && wantedCategories.has(entry.category));
  const kept = entries.filter(isKept);
  const leftOut = entries.filter((entry) => !isKept(entry)).map((entry) => entry.name);
  return {
    ok: true,
    profile: {
      ...keepScenarioEntries(profile, kept),
      selection: { categories, scenarios, leftOut },
    },
  };
}

/**
 * One line for the terminal: `running 2 of 5 scenarios (category "policy"): a, b`; a journey
 * counts as one scenario, by its name. Undefined for a profile without a selection.
 */
export function describeSelectedScenarios(profile: Profile): string | undefined {
  const selection = profile.selection;
  if (selection === undefined) return undefined;
  const ran = listScenarioEntries(profile).map((entry) => entry.name);
  const total = ran.length + selection.leftOut.length;
  return `running ${ran.length} of ${total} scenarios (${describeSelection(selection)}): ${listNames(
    ran,
    quote,
  )}`;
}

/** `category "policy", scenarios "a", "b"`: what was asked for, for messages and reports. */
export function describeSelection(selection: {
  categories: readonly string[];
  scenarios: readonly string[];
}): string {
  const part = (singular: string, plural: string, names: readonly string[]) =>
    names.length === 0
      ? []
      : [`${names.length === 1 ? singular : plural} ${listNames(names, quote)}`];
  return [
    ...part('category', 'categories', selection.categories),
    ...part('scenario', 'scenarios', selection.scenarios),
  ].join(', ');
}
