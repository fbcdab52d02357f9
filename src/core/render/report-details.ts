import { formatCount, formatLatencyMs } from '../input/format-units.js';
import { describeSoakDrift, measureSoakDrift } from '../judge/soak-drift.js';
import type { ScenarioComparison } from '../judge/types.js';

import type { ResultsFileV1, ScenarioResult } from '../result/types.js';
import type { Figures, LatencySummaryMs } from '../stats/figures.js';
import { escapeText, formatCodeSpan, renderBulletList, renderTable } from './markdown-escape.js';
import { orderScenarios } from './scenario-sections.js';
import { WHOLE_RUN } from './scenario-table.js';

const PERCENTILES: [string, keyof LatencySummaryMs][] = [
  ['min', 'min'],
  ['p50', 'p50'],
  ['p90', 'p90'],
  ['p95', 'p95'],
  ['p99', 'p99'],
  ['p99.9', 'p999'],
  ['max', 'max'],
  ['mean', 'mean'],
];

/** The details of every scenario, the whole run first, and the run warnings, each as blocks. */
export interface ReportDetails {
  wholeRun: string[];
  scenarios: string[][];
  runWarnings: string[];
}

/** A results file's scenarios by name (the first of a name wins, as `find` would pick). */
type ScenarioLookup = ReadonlyMap<string, ScenarioResult>;

function indexScenarios(result: ResultsFileV1 | undefined): ScenarioLookup {
  const byName = new Map<string, ScenarioResult>();
  for (const s of result?.scenarios ?? []) if (!byName.has(s.name)) byName.set(s.name, s);
  return byName;
}

function findFigures(
  result: ResultsFileV1 | undefined,
  byName: ScenarioLookup,
  name: string,
): Figures | undefined {
  if (!result) return undefined;
  return name === WHOLE_RUN ? result : byName.get(name);
}

interface DetailSources {
  current: ResultsFileV1;
  currentByName: ScenarioLookup;
  baseline: ResultsFileV1 | undefined;
  baselineByName: ScenarioLookup;
  /** False for a rolling baseline: histories keep no service time. */
  baselineHasServiceTime: boolean;
}

/** Counts like {"timeout": 3} as "timeout: 3 · reset: 1"; "none" when all are zero. */
function formatKinds(kinds: Record<string, number>): string {
  const entries = Object.entries(kinds).filter(([, n]) => n > 0);
  if (entries.length === 0) return 'none';
  return entries.map(([kind, n]) => `${escapeText(kind, 60)}: ${formatCount(n)}`).join(' · ');
}

function renderLatencyTable(
  current: Figures,
  baseline: Figures | undefined,
  baselineHasServiceTime: boolean,
): string {
  const row = (label: string, pick: (f: Figures) => number, inBaseline = true) =>
    baseline
      ? [label, inBaseline ? formatLatencyMs(pick(baseline)) : '—', formatLatencyMs(pick(current))]
      : [label, formatLatencyMs(pick(current))];
  const rows = [
    ...PERCENTILES.map(([label, key]) => row(label, (f) => f.latencyMs[key])),
    row('service time p50', (f) => f.serviceTimeMs.p50, baselineHasServiceTime),
    row('service time p99', (f) => f.serviceTimeMs.p99, baselineHasServiceTime),
  ];
  const header = baseline ? ['Latency', 'Baseline', 'Current'] : ['Latency', 'Current'];
  return renderTable(header, rows, ['l', 'r', 'r']);
}

/** The whole run's extra lines: send lag, and the drift of a soak (runs of 2 hours or more). */
function describeWholeRun(result: ResultsFileV1): string[] {
  const { sendLagMs } = result;
  const lines = [
    `Send lag (whole run): p50 ${formatLatencyMs(sendLagMs.p50)} · p99 ${formatLatencyMs(sendLagMs.p99)} · max ${formatLatencyMs(sendLagMs.max)}`,
  ];
  const drift = measureSoakDrift(result);
  if (drift) lines.push(describeSoakDrift(drift));
  return lines;
}

function renderCounts(f: Figures, wholeRun: readonly string[] = []): string {
  const t = f.totals;
  const items = [
    `Requests ${formatCount(t.requests)}: ok ${formatCount(t.ok)} · blocked ${formatCount(t.blocked)} · failed ${formatCount(t.failed)} · errors ${formatCount(t.errors)}`,
    `Dropped ${formatCount(t.dropped)} · queued ${formatCount(t.queued)}`,
    `Status codes: ${formatKinds(f.statusCodes)}`,
    `Failures: ${formatKinds({ ...f.failureKinds })}`,
    `Transport errors: ${formatKinds(f.errorKinds)}`,
  ];
  items.push(...wholeRun);
  return renderBulletList(items);
}

function renderScenarioDetails(s: ScenarioComparison, from: DetailSources): string[] {
  const isWholeRun = s.name === WHOLE_RUN;
  const scenario = isWholeRun ? undefined : from.currentByName.get(s.name);
  const request = scenario ? ` · ${formatCodeSpan(`${scenario.method} ${scenario.path}`)}` : '';
  const heading = `**${isWholeRun ? 'All scenarios (whole run)' : escapeText(s.name)}**${request}`;
  const figures = findFigures(from.current, from.currentByName, s.name);
  if (!figures) return [heading, 'Not in the results file.'];
  return [
    heading,
    renderLatencyTable(
      figures,
      findFigures(from.baseline, from.baselineByName, s.name),
      from.baselineHasServiceTime,
    ),
    renderCounts(figures, isWholeRun ? describeWholeRun(from.current) : []),
  ];
}

/**
 * Everything a reader may want after the tables: per scenario all latency percentiles (current
 * vs baseline), service time, status codes, error and failure kinds, dropped and queued; send
 * lag for the whole run; the run warnings. The whole run is always detailed, from the results
 * file, even when the verdict has no `all` entry.
 */
export function buildReportDetails(
  scenarios: readonly ScenarioComparison[],
  runWarnings: readonly string[],
  current: ResultsFileV1,
  baseline: ResultsFileV1 | undefined,
  options: { baselineHasServiceTime?: boolean } = {},
): ReportDetails {
  const ordered = orderScenarios(scenarios);
  const whole = ordered.find((s) => s.name === WHOLE_RUN) ?? {
    name: WHOLE_RUN,
    metrics: [],
    thresholds: [],
    level: 'pass',
  };
  const warnings =
    runWarnings.length === 0
      ? []
      : ['**Run warnings**', renderBulletList(runWarnings.map((w) => escapeText(w, 600)))];
  const from: DetailSources = {
    current,
    currentByName: indexScenarios(current),
    baseline,
    baselineByName: indexScenarios(baseline),
    baselineHasServiceTime: options.baselineHasServiceTime ?? true,
  };
  return {
    wholeRun: renderScenarioDetails(whole, from),
    scenarios: ordered
      .filter((s) => s.name !== WHOLE_RUN)
      .map((s) => renderScenarioDetails(s, from)),
    runWarnings: warnings,
  };
}
