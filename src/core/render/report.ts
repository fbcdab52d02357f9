import { formatRunDuration } from '../input/format-units.js';
import type { BaselineInfo, Verdict } from '../judge/types.js';
import type { ResultsFileV1 } from '../result/types.js';
import type { TimelinePoint } from '../stats/figures.js';
import { readWidthSec } from '../stats/timeline.js';
import { renderCategorySection } from './category-table.js';
import { renderJourneySection } from './journey-section.js';
import { escapeText, formatCodeSpan } from './markdown-escape.js';
import { fitReport } from './report-budget.js';
import { buildReportDetails } from './report-details.js';
import { renderHead } from './report-headline.js';
import { buildScenarioSections } from './scenario-sections.js';
import { WHOLE_RUN } from './scenario-table.js';

/** GitHub refuses comments over 65,536 characters; this leaves room for a wrapper's additions. */
export const DEFAULT_MAX_CHARS = 65_000;

export interface ReportInput {
  verdict: Verdict;
  current: ResultsFileV1;
  /** The baseline's results file, for its percentiles and timeline; used only when
   * `verdict.hasBaseline`. */
  baseline?: ResultsFileV1;
  /** Shown after the dash in the headline (`### ✅ loadgate: pass — <title>`); default: the
   * profile's name. */
  title?: string;
  /** Key of the hidden comment a sticky PR comment is found by: `<!-- loadgate:<marker> -->`. */
  marker?: string;
  /** Size limit of the markdown (UTF-16 code units); default `DEFAULT_MAX_CHARS`. */
  maxChars?: number;
}

export interface RenderedReport {
  markdown: string;
  /** What the caller may want to log: parts left out for size, inputs that did not match. */
  notes: string[];
}

function checkInputs(input: ReportInput): string[] {
  const notes: string[] = [];
  if (input.baseline && !input.verdict.hasBaseline) {
    notes.push(
      'A baseline results file was given but the verdict has no baseline; it was not used.',
    );
  }
  const names = new Set(input.current.scenarios.map((s) => s.name));
  for (const s of input.verdict.scenarios) {
    if (s.name !== WHOLE_RUN && !names.has(s.name)) {
      notes.push(
        `Scenario ${JSON.stringify(s.name)} is in the verdict but not in the results file.`,
      );
    }
  }
  return notes;
}

/**
 * The regression report: one markdown document for both the pull-request comment and the job
 * summary. In order: marker, headline, reasons and summary; the per-category table (with
 * more than one category); the journeys table and the setup line (when the profile has them;
 * a journey's steps are scenarios named `<journey>/<step>` in the tables that follow); a table
 * per scenario (the whole run first); collapsed details
 * (percentiles, codes, errors, send lag, run warnings); a chart of p95 latency per second;
 * where the baseline came from; a footer. Stays within `maxChars` by leaving detail out (see
 * `fitReport`); all user-supplied text is escaped to be inert.
 */
export function renderReport(input: ReportInput): RenderedReport {
  const { verdict, current } = input;
  const baseline = verdict.hasBaseline ? input.baseline : undefined;
  const { sections, collapsedLine } = buildScenarioSections(verdict.scenarios);
  const fitted = fitReport(
    {
      head: renderHead(input),
      categories: renderCategorySection(current.categories),
      journeys: renderJourneySection(current.journeys, current.setup),
      sections,
      collapsedLine,
      details: buildReportDetails(verdict.scenarios, verdict.runWarnings, current, baseline, {
        baselineHasServiceTime: verdict.baseline?.mergedRuns === undefined,
      }),
      chart: renderLatencyChart(current.timeline, baseline?.timeline),
      baselineSource: renderBaselineSource(verdict),
      footer: REPORT_FOOTER,
    },
    input.maxChars ?? DEFAULT_MAX_CHARS,
  );
  return { markdown: fitted.markdown, notes: [...checkInputs(input), ...fitted.notes] };
}

/** The last line of every report; deliberately free of links. */
const REPORT_FOOTER =
  "<sub>Latency is measured from each request's intended send time (open model), so time a " +
  'request spent waiting behind a slow target counts.</sub>';

/** Only plain http(s) URLs become links; anything else could smuggle markdown or script. */
function isSafeUrl(url: string): boolean {
  return /^https?:\/\/[^\s<>()[\]"'`\\]+$/.test(url) && url.length <= 500;
}

function describeRun(info: BaselineInfo): string | undefined {
  const label = info.runId === undefined ? 'run' : `run ${escapeText(info.runId, 40)}`;
  if (info.runUrl !== undefined && isSafeUrl(info.runUrl)) return `[${label}](${info.runUrl})`;
  return info.runId === undefined ? undefined : label;
}

/** "2026-11-20" from an ISO timestamp; anything else is shown as given, escaped. */
function describeDate(date: string): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0];
  return day ?? escapeText(date, 40);
}

/**
 * Where the baseline came from: `Baseline: commit abc1234 (refs/heads/main) · run 123 ·
 * measured 2026-11-20`, the run linked when its URL is known. Undefined without a baseline.
 */
function renderBaselineSource(verdict: Verdict): string | undefined {
  if (!verdict.hasBaseline) return undefined;
  if (verdict.sideBySide) {
    return `Baseline: ${formatCodeSpan(verdict.sideBySide.baselineTarget)}, measured in the same run, its arrivals interleaved with the target's (side by side).`;
  }
  const info = verdict.baseline ?? {};
  const parts: string[] = [];
  if (info.commit !== undefined) {
    const ref = info.ref === undefined ? '' : ` (${escapeText(info.ref, 100)})`;
    parts.push(`commit ${escapeText(info.commit.slice(0, 7), 7)}${ref}`);
  } else if (info.ref !== undefined) {
    parts.push(escapeText(info.ref, 100));
  }
  const run = describeRun(info);
  if (run) parts.push(run);
  if (info.date !== undefined) parts.push(`measured ${describeDate(info.date)}`);
  if (parts.length === 0) return 'Baseline: an earlier run (where it came from was not recorded).';
  return `Baseline: ${parts.join(' · ')}`;
}

/** Points per line at most: more would be unreadable in a comment-sized chart. */
export const MAX_CHART_POINTS = 60;

const CURRENT_COLOR = '#2563eb';
const BASELINE_COLOR = '#9ca3af';

/** Seconds of timeline covered: the end of the last point recorded (a soak's wide points
 * count their whole width). */
function spanSeconds(timeline: readonly TimelinePoint[]): number {
  return timeline.reduce((span, p) => Math.max(span, Math.floor(p.t) + readWidthSec(p)), 0);
}

/**
 * p95 per bucket of `bucketSeconds` over the first `seconds` of the timeline, taking the
 * highest p95 within each bucket so short spikes survive the downsampling. A wide point (a
 * soak's folded window) counts in every bucket it overlaps, so no bucket it covers reads 0.
 */
export function downsampleP95(
  timeline: readonly TimelinePoint[],
  seconds: number,
  bucketSeconds: number,
): number[] {
  const buckets = new Array<number>(Math.ceil(seconds / bucketSeconds)).fill(0);
  for (const point of timeline) {
    if (point.t < 0 || point.t >= seconds || !Number.isFinite(point.p95)) continue;
    const first = Math.floor(point.t / bucketSeconds);
    const endSec = Math.min(seconds, point.t + readWidthSec(point));
    const last = Math.max(first, Math.ceil(endSec / bucketSeconds) - 1);
    for (let i = first; i <= last; i++) buckets[i] = Math.max(buckets[i] ?? 0, point.p95);
  }
  return buckets;
}

/** A sentence for a soak's folded timeline (points wider than a second); empty otherwise. */
function describeWidePoints(...timelines: (readonly TimelinePoint[] | undefined)[]): string {
  const widths = new Set<number>();
  for (const timeline of timelines)
    for (const p of timeline ?? []) if (readWidthSec(p) > 1) widths.add(readWidthSec(p));
  if (widths.size === 0) return '';
  const widest = Math.max(...widths);
  return ` Between the first and the last 10 minutes, each point is the p95 of a window of up to ${widest} s.`;
}

/** 1, 2, 2.5 or 5 times a power of ten, at least `value`: a y-axis top that reads well. */
function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value) ?? 10;
  return Number((step * power).toPrecision(3));
}

function formatPoint(ms: number): string {
  return String(Number(ms.toPrecision(3)));
}

/**
 * The whole run's p95 latency per second as a Mermaid `xychart-beta` line chart (x: seconds,
 * y: ms), the baseline as a second line when given, with a line saying which is which (the
 * chart has no legend). Runs of different lengths are charted over the shorter one. Empty when
 * there are fewer than two seconds to draw.
 */
export function renderLatencyChart(
  current: readonly TimelinePoint[],
  baseline?: readonly TimelinePoint[],
): string[] {
  const currentSpan = spanSeconds(current);
  const baselineSpan = baseline ? spanSeconds(baseline) : currentSpan;
  const seconds = Math.min(currentSpan, baselineSpan);
  if (seconds < 2) return [];
  const bucketSeconds = Math.ceil(seconds / MAX_CHART_POINTS);
  const currentLine = downsampleP95(current, seconds, bucketSeconds);
  const baselineLine = baseline ? downsampleP95(baseline, seconds, bucketSeconds) : undefined;
  const top = niceCeiling(Math.max(...currentLine, ...(baselineLine ?? [])));
  const lastX = (currentLine.length - 1) * bucketSeconds;
  const palette = baselineLine ? `${BASELINE_COLOR}, ${CURRENT_COLOR}` : CURRENT_COLOR;
  const fence = [
    '```mermaid',
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${palette}"}}}}%%`,
    'xychart-beta',
    '  title "p95 latency per second"',
    `  x-axis "seconds" 0 --> ${lastX}`,
    `  y-axis "p95 (ms)" 0 --> ${top}`,
    ...(baselineLine ? [`  line [${baselineLine.map(formatPoint).join(', ')}]`] : []),
    `  line [${currentLine.map(formatPoint).join(', ')}]`,
    '```',
  ].join('\n');
  const bucket = bucketSeconds === 1 ? 'each second' : `the highest within each ${bucketSeconds} s`;
  const legend = baselineLine
    ? `Blue: this run's p95 latency; grey: the baseline's (${bucket}).`
    : `Blue: this run's p95 latency (${bucket}).`;
  const span =
    baseline && currentSpan !== baselineSpan
      ? ` The runs differ in length (this run ${formatRunDuration(currentSpan * 1000)}, the baseline ${formatRunDuration(baselineSpan * 1000)}); the chart covers the first ${formatRunDuration(seconds * 1000)} of both.`
      : '';
  return [fence, `${legend}${span}${describeWidePoints(current, baseline)}`];
}
