/**
 * The journeys (scenarios written with `steps:`) taken whole, and how the setup went: a table
 * and a line, in the markdown report and in the terminal summary. Journey figures count
 * journeys, not requests; each step's requests are in its own scenario row.
 */
import { formatCount, formatLatencyMs, formatPercent } from '../input/format-units.js';
import type { JourneyResult, SetupSummary } from '../result/types.js';
import { escapeText, renderRemark, renderTable } from './markdown-escape.js';

/** Journeys tabled at most, like categories: a profile may hold many. */
export const MAX_JOURNEY_ROWS = 50;
/** Step names listed in a journey's cell; a longer journey is listed in part and counted. */
export const STEPS_LISTED = 8;

/** Share of ended journeys in which every step passed; `–` when none ended. */
export function formatJourneyOk(journey: Pick<JourneyResult, 'totals'>): string {
  const { ok, requests } = journey.totals;
  return requests > 0 ? formatPercent(ok / requests) : '–';
}

/** A duration percentile (`p50`, `p95`, `p99`); `–` when no journey ended with answers. */
export function formatJourneyDuration(
  journey: Pick<JourneyResult, 'totals' | 'latencyMs'>,
  field: 'p50' | 'p95' | 'p99',
): string {
  const { ok, blocked, failed } = journey.totals;
  return ok + blocked + failed > 0 ? formatLatencyMs(journey.latencyMs[field]) : '–';
}

/**
 * A journey's steps, in order, each without its `<journey>/` prefix: `list → add to cart →
 * checkout`; beyond `STEPS_LISTED` steps, the first ones then `… (12 steps)`. Raw text: the
 * caller makes it inert (markdown or terminal).
 */
export function describeSteps(journey: Pick<JourneyResult, 'name' | 'steps'>): string {
  const prefix = `${journey.name}/`;
  const names = journey.steps.map((s) => (s.startsWith(prefix) ? s.slice(prefix.length) : s));
  if (names.length <= STEPS_LISTED) return names.join(' → ');
  return `${names.slice(0, STEPS_LISTED).join(' → ')} → … (${formatCount(names.length)} steps)`;
}

/**
 * How the setup went, one line without a trailing period: `once, before the load · not
 * measured`; `per virtual user · 40 log-ins, 2 failed (retried) · measured (rows setup/…)`.
 * A once setup with no completed run (it failed, and the run with it) says `failed`.
 */
export function describeSetupRun(setup: SetupSummary): string {
  const measured = setup.measured ? 'measured (rows setup/…)' : 'not measured';
  if (!setup.perVu) {
    const failed = setup.runs === 0 && setup.failed > 0 ? ': failed' : '';
    return `once, before the load${failed} · ${measured}`;
  }
  const logIns = `${formatCount(setup.runs)} log-in${setup.runs === 1 ? '' : 's'}`;
  const failed = setup.failed > 0 ? `, ${formatCount(setup.failed)} failed (retried)` : '';
  return `per virtual user · ${logIns}${failed} · ${measured}`;
}

/** Says what the journeys table counts (the step rows count requests). */
const JOURNEY_LEGEND =
  "Journeys that ended; OK: every step passed; duration from each journey's intended start " +
  'to its last answer, think time included. Each step is also a scenario below.';

/**
 * The report's journeys table (`Journey | Journeys | OK | p50 | p95 | p99 | Steps`: journeys
 * that ended, the share in which every step passed, durations from the intended start to the
 * end of the last step, think times included) with its heading, then the setup line. Empty
 * without journeys and setup. Names are escaped; beyond `MAX_JOURNEY_ROWS` journeys the rest
 * are counted in a line below the table.
 */
export function renderJourneySection(
  journeys: readonly JourneyResult[] | undefined,
  setup: SetupSummary | undefined,
): string[] {
  const blocks: string[] = [];
  if (journeys !== undefined && journeys.length > 0) {
    const shown = journeys.slice(0, MAX_JOURNEY_ROWS);
    const rows = shown.map((j) => [
      escapeText(j.name, 80),
      formatCount(j.totals.requests),
      formatJourneyOk(j),
      formatJourneyDuration(j, 'p50'),
      formatJourneyDuration(j, 'p95'),
      formatJourneyDuration(j, 'p99'),
      escapeText(describeSteps(j), 300),
    ]);
    blocks.push(
      '#### Journeys',
      renderTable(['Journey', 'Journeys', 'OK', 'p50', 'p95', 'p99', 'Steps'], rows, [
        'l',
        'r',
        'r',
        'r',
        'r',
        'r',
        'l',
      ]),
    );
    const rest = journeys.length - shown.length;
    const more = rest > 0 ? ` ${formatCount(rest)} more journeys are in the results file.` : '';
    blocks.push(renderRemark(`${JOURNEY_LEGEND}${more}`));
  }
  if (setup !== undefined) blocks.push(`**Setup:** ${describeSetupRun(setup)}.`);
  return blocks;
}
