/**
 * The HTML report (`--html FILE`, the action's `html` input): one self-contained page a person
 * opens in a browser, offline. It holds the verdict and its reasons, where the baseline came
 * from, the thresholds, per-scenario and per-category tables with the baseline's figures and
 * the judge's confidence, charts of the run against its baseline over time, the latency
 * percentile distribution of both runs, the error and failure kinds, and the history trend of a
 * run that keeps one.
 *
 * Self-contained: uPlot (the chart library, MIT) is inlined from `uplot-assets.ts`; the page
 * loads nothing and its Content-Security-Policy forbids loading anything (`default-src 'none'`),
 * and lets only its own two scripts run (by their SHA-256), so even markup that slipped past the
 * escaping could not run or fetch. Every text from a results or history file goes through
 * `escapeHtml`; the charts' data is a JSON block that no string can close (`serializeScriptJson`).
 * Bounded: series have at most {@link MAX_CHART_POINTS} points and every list is capped, so a
 * 10-minute run's report is about 100–250 KB (12 scenario charts with a baseline: 205 KB) and a
 * day-long soak's stays far below 2 MB.
 */
import type { HistoryEntry } from '../history/types.js';
import {
  formatCount,
  formatLatencyMs,
  formatPercent,
  formatRate,
  formatRunDuration,
  formatSignedRelative,
} from '../input/format-units.js';
import type {
  MetricComparison,
  ScenarioComparison,
  ThresholdResult,
  Verdict,
} from '../judge/types.js';
import { describeSelection } from '../profile/select-scenarios.js';
import type { CategoryResult, ResultsFileV1, ScenarioResult } from '../result/types.js';
import type { MetricName, MetricUnit } from '../rules/types.js';
import type { Figures, LatencySummaryMs } from '../stats/figures.js';
import { mergeEncodedHistograms, summarizeHistogram } from '../stats/histogram.js';
import { describeProtocol } from './describe-protocol.js';
import { escapeHtml, renderLink, serializeScriptJson } from './html-escape.js';
import { HTML_REPORT_SCRIPT } from './html-report-client.js';
import {
  buildDistributionChart,
  buildScenarioCharts,
  buildTimelineCharts,
  buildTrendCharts,
  type ChartSpec,
  MAX_CHART_POINTS,
  MAX_SCENARIO_CHART_POINTS,
  MAX_SCENARIO_CHARTS,
  type ScenarioChart,
} from './html-report-data.js';
import {
  labelMetricStatus,
  labelVerdict,
  renderMetricRemeasures,
  renderThresholdRemeasures,
  renderVerdictNotes,
} from './html-report-verdict.js';
import {
  formatChangeCell,
  formatPValue,
  formatSignedDelta,
  formatValueCell,
  labelChangeStatus,
  labelLevel,
  labelMetric,
  unitOfMetric,
  WHOLE_RUN,
} from './scenario-table.js';
import { formatUtcMinute } from './trend-section.js';
import { UPLOT_CSS, UPLOT_JS, UPLOT_LICENSE, UPLOT_VERSION } from './uplot-assets.js';

export { MAX_CHART_POINTS };

/** Rows of the per-scenario table at most (a profile may have thousands of scenarios). */
export const MAX_SCENARIO_ROWS = 500;
/** Rows of the comparison and threshold tables at most. */
export const MAX_COMPARISON_ROWS = 1_000;
/** Rows of the error and failure kinds table at most. */
export const MAX_KIND_ROWS = 300;
/** Verdict reasons and run warnings listed at most. */
export const MAX_LISTED_LINES = 100;
/** Runs of the history table at most (the newest). */
export const MAX_HISTORY_ROWS = 50;

export interface HtmlReportInput {
  current: ResultsFileV1;
  verdict: Verdict;
  /** The results the run was compared with (for a rolling baseline: their exact merge). */
  baseline?: ResultsFileV1;
  /** The run's history series, oldest first, this run last (a run that keeps a history). */
  history?: readonly HistoryEntry[];
}

export interface HtmlReportOptions {
  /**
   * SHA-256 of a UTF-8 text, base64: the page's Content-Security-Policy admits its two inline
   * scripts by hash. Passed in so the core imports no crypto module.
   */
  sha256Base64(text: string): string;
}

/** The figures' columns: how each is read, named and judged (`metric`: the judge's name). */
interface FigureColumn {
  header: string;
  metric: MetricName;
  unit: MetricUnit;
  read(figures: RowFigures): number;
}

/** A table row's figures: a scenario's, the whole run's, or a category's (merged exactly). */
interface RowFigures {
  requests: number;
  rps: number;
  errorRate: number;
  blockRate: number;
  latencyMs: Pick<LatencySummaryMs, 'p50' | 'p90' | 'p95' | 'p99' | 'p999' | 'max'>;
}

const FIGURE_COLUMNS: readonly FigureColumn[] = [
  { header: 'Requests', metric: 'requests', unit: 'count', read: (f) => f.requests },
  { header: 'Rate', metric: 'rps', unit: 'rps', read: (f) => f.rps },
  { header: 'Error rate', metric: 'errorRate', unit: 'fraction', read: (f) => f.errorRate },
  { header: 'Block rate', metric: 'blockRate', unit: 'fraction', read: (f) => f.blockRate },
  ...(['p50', 'p90', 'p95', 'p99', 'p999', 'max'] as const).map(
    (key): FigureColumn => ({
      header: key === 'p999' ? 'p99.9' : key,
      metric: key,
      unit: 'ms',
      read: (f) => f.latencyMs[key],
    }),
  ),
];

function figuresOf(figures: Figures): RowFigures {
  return {
    requests: figures.totals.requests,
    rps: figures.throughput.rps,
    errorRate: figures.errorRate,
    blockRate: figures.blockRate,
    latencyMs: figures.latencyMs,
  };
}

/**
 * A category's figures: counts and rates as rolled up, percentiles from its scenarios'
 * histograms merged exactly (the rollup keeps only p50/p95/p99); when a histogram does not
 * decode, the rollup's values, and p90, p99.9 and max unknown (NaN, shown as `–`).
 */
function categoryFigures(category: CategoryResult, run: ResultsFileV1): RowFigures {
  const members = new Set(category.scenarios);
  const encoded = run.scenarios.filter((s) => members.has(s.name)).map((s) => s.histogram);
  let latencyMs: RowFigures['latencyMs'];
  try {
    const merged = mergeEncodedHistograms(encoded);
    try {
      latencyMs = summarizeHistogram(merged);
    } finally {
      merged.destroy();
    }
  } catch {
    latencyMs = { ...category.latencyMs, p90: Number.NaN, p999: Number.NaN, max: Number.NaN };
  }
  return {
    requests: category.requests,
    rps: category.rps,
    errorRate: category.errorRate,
    blockRate: category.blockRate,
    latencyMs,
  };
}

/** `<td>` with the value, the baseline's value and the change; the judge's verdict when it
 * compared this metric (its change with confidence, its status as a class and a line). */
function renderFigureCell(
  column: FigureColumn,
  current: RowFigures,
  baseline: RowFigures | undefined,
  compared: MetricComparison | undefined,
): string {
  const value = column.read(current);
  const lines = [escapeHtml(formatValueCell(value, column.unit))];
  const base = baseline === undefined ? undefined : column.read(baseline);
  if (compared?.baseline !== undefined) {
    const p = compared.significance?.pValue;
    const confidence = p === undefined ? '' : ` · p ${formatPValue(p)}`;
    lines.push(
      `<span class="base">base ${escapeHtml(formatValueCell(compared.baseline, column.unit))}${escapeHtml(describeChange(compared.current, compared.baseline, column.unit))}${escapeHtml(confidence)}</span>`,
      `<span class="status">${escapeHtml(labelMetricStatus(compared))}</span>`,
    );
  } else if (base !== undefined && Number.isFinite(base)) {
    lines.push(
      `<span class="base">base ${escapeHtml(formatValueCell(base, column.unit))}${escapeHtml(describeChange(value, base, column.unit))}</span>`,
    );
  }
  const status = compared ? ` status-${compared.status}` : '';
  const raw = Number.isFinite(value) ? ` data-value="${value}"` : '';
  return `<td class="num${status}" data-metric="${column.metric}"${raw}>${lines.join('')}</td>`;
}

/** `, +5.2 %` (or `, +0.3 pp` for a rate); empty when there is nothing to compare. */
function describeChange(value: number, base: number, unit: MetricUnit): string {
  if (!Number.isFinite(value)) return '';
  if (unit === 'fraction')
    return value === base ? '' : `, ${formatSignedDelta(value - base, unit)}`;
  if (base === 0) return '';
  return `, ${formatSignedRelative((value - base) / base)}`;
}

function findComparison(verdict: Verdict, scope: string): ScenarioComparison | undefined {
  return verdict.scenarios.find((s) => s.name === scope);
}

function renderFigureRow(
  label: string,
  kind: string,
  current: RowFigures,
  baseline: RowFigures | undefined,
  comparison: ScenarioComparison | undefined,
  extra: string,
): string {
  const cells = FIGURE_COLUMNS.map((column) =>
    renderFigureCell(
      column,
      current,
      baseline,
      comparison?.metrics.find((m) => m.metric === column.metric),
    ),
  );
  return `<tr class="${kind}"><th scope="row">${label}</th>${extra}${cells.join('')}</tr>`;
}

function renderFigureHead(first: string, extra: readonly string[]): string {
  const headers = [first, ...extra, ...FIGURE_COLUMNS.map((c) => c.header)];
  return `<thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
}

function renderScenarioTable(input: HtmlReportInput): string {
  const { current, baseline, verdict } = input;
  const baseOf = (name: string) => baseline?.scenarios.find((s) => s.name === name);
  const shown = current.scenarios.slice(0, MAX_SCENARIO_ROWS);
  const rows = [
    renderFigureRow(
      'all scenarios (whole run)',
      'whole-run',
      figuresOf(current),
      baseline ? figuresOf(baseline) : undefined,
      findComparison(verdict, WHOLE_RUN),
      '<td></td>',
    ),
    ...shown.map((scenario: ScenarioResult) => {
      const base = baseOf(scenario.name);
      return renderFigureRow(
        `<span class="name">${escapeHtml(scenario.name)}</span><span class="path">${escapeHtml(`${scenario.method} ${scenario.path}`)}</span>`,
        'scenario',
        figuresOf(scenario),
        base ? figuresOf(base) : undefined,
        findComparison(verdict, scenario.name),
        `<td>${escapeHtml(scenario.category ?? '')}</td>`,
      );
    }),
  ];
  const more = current.scenarios.length - shown.length;
  return [
    '<section id="scenarios"><h2>Scenarios</h2>',
    "<p class=\"hint\">Latency from each request's intended send time. Under each value: the baseline's, the change and, where a rule compared it, the noise test's p-value and the status (the confidence interval is under Against the baseline).</p>",
    `<div class="scroll"><table class="figures">${renderFigureHead('Scenario', ['Category'])}<tbody>${rows.join('')}</tbody></table></div>`,
    more > 0 ? `<p class="note">… and ${formatCount(more)} more scenarios, not listed.</p>` : '',
    '</section>',
  ].join('');
}

function renderCategoryTable(input: HtmlReportInput): string {
  const { current, baseline } = input;
  const categories = current.categories ?? [];
  if (categories.length === 0) return '';
  const rows = categories.slice(0, MAX_SCENARIO_ROWS).map((category) => {
    const base = baseline?.categories?.find((c) => c.name === category.name);
    const flag =
      category.expectsBlocking && category.requests > 0 && category.blocked === 0
        ? ' <span class="warn-text">expected blocking, blocked nothing</span>'
        : '';
    return renderFigureRow(
      `<span class="name">${escapeHtml(category.name)}</span>${flag}`,
      'category',
      categoryFigures(category, current),
      base && baseline ? categoryFigures(base, baseline) : undefined,
      undefined,
      `<td class="num">${formatCount(category.scenarios.length)}</td>`,
    );
  });
  return [
    '<section id="categories"><h2>Categories</h2>',
    `<div class="scroll"><table class="figures">${renderFigureHead('Category', ['Scenarios'])}<tbody>${rows.join('')}</tbody></table></div>`,
    '</section>',
  ].join('');
}

function scopeLabel(name: string): string {
  return name === WHOLE_RUN ? 'whole run' : escapeHtml(name);
}

function renderComparisonTable(verdict: Verdict): string {
  const rows = verdict.scenarios.flatMap((s) =>
    s.metrics.map((m) => {
      const rule = m.rule ? `<span class="rule">${escapeHtml(m.rule)}</span>` : '';
      const status = labelMetricStatus(m);
      const rowStatus = m.unconfirmed ? 'unconfirmed' : m.status;
      return `<tr class="status-${rowStatus}"><td>${scopeLabel(s.name)}</td><td>${escapeHtml(labelMetric(m.metric))}</td><td class="num">${escapeHtml(formatValueCell(m.baseline, m.unit))}</td><td class="num" data-metric="${escapeHtml(m.metric)}" data-value="${m.current}">${escapeHtml(formatValueCell(m.current, m.unit))}${renderMetricRemeasures(m)}</td><td>${escapeHtml(formatChangeCell(m))}</td><td>${escapeHtml(status)}${rule}</td></tr>`;
    }),
  );
  if (rows.length === 0) return '';
  const shown = rows.slice(0, MAX_COMPARISON_ROWS);
  const more = rows.length - shown.length;
  return [
    '<section id="comparisons"><h2>Against the baseline</h2>',
    '<p class="hint">Change: relative and absolute, then the confidence interval of the shift and the p-value of the noise test (per-second windows of both runs ranked), or the test across earlier runs for a rolling baseline. Under a re-measured value: each re-measure in order with the status it had on its own, and whether the breach was confirmed.</p>',
    '<div class="scroll"><table><thead><tr><th scope="col">Scope</th><th scope="col">Metric</th><th scope="col">Baseline</th><th scope="col">Current</th><th scope="col">Change and confidence</th><th scope="col">Status</th></tr></thead>',
    `<tbody>${shown.join('')}</tbody></table></div>`,
    more > 0 ? `<p class="note">… and ${formatCount(more)} more rows, not listed.</p>` : '',
    '</section>',
  ].join('');
}

function renderThresholdRow(scope: string, r: ThresholdResult): string {
  const unit = unitOfMetric(r.rule.metric);
  const level = r.unconfirmed
    ? labelChangeStatus('unconfirmed')
    : r.accepted
      ? labelChangeStatus('accepted')
      : labelLevel(r.level);
  return `<tr class="status-${r.unconfirmed ? 'unconfirmed' : r.level}"><td>${scopeLabel(scope)}</td><td><code>${escapeHtml(r.rule.source)}</code></td><td class="num">${escapeHtml(formatValueCell(r.value, unit))}${renderThresholdRemeasures(r, unit)}</td><td>${escapeHtml(level)}</td><td>${escapeHtml(r.message)}</td></tr>`;
}

function renderThresholdTable(verdict: Verdict): string {
  const rows = verdict.scenarios.flatMap((s) =>
    s.thresholds.map((r) => renderThresholdRow(s.name, r)),
  );
  if (rows.length === 0) {
    return '<section id="thresholds"><h2>Thresholds</h2><p>No absolute thresholds.</p></section>';
  }
  const shown = rows.slice(0, MAX_COMPARISON_ROWS);
  const more = rows.length - shown.length;
  return [
    '<section id="thresholds"><h2>Thresholds</h2>',
    '<div class="scroll"><table><thead><tr><th scope="col">Scope</th><th scope="col">Rule</th><th scope="col">Value</th><th scope="col">Status</th><th scope="col">Detail</th></tr></thead>',
    `<tbody>${shown.join('')}</tbody></table></div>`,
    more > 0 ? `<p class="note">… and ${formatCount(more)} more rows, not listed.</p>` : '',
    '</section>',
  ].join('');
}

function renderList(lines: readonly string[], className: string): string {
  if (lines.length === 0) return '';
  const shown = lines.slice(0, MAX_LISTED_LINES).map((line) => `<li>${escapeHtml(line)}</li>`);
  const more = lines.length - shown.length;
  if (more > 0) shown.push(`<li>… and ${formatCount(more)} more</li>`);
  return `<ul class="${className}">${shown.join('')}</ul>`;
}

function renderVerdict(input: HtmlReportInput): string {
  const { verdict, current } = input;
  const warnings = [
    ...(current.abortReason ? [`run ${current.status}: ${current.abortReason}`] : []),
    ...verdict.runWarnings,
    ...(current.warnings ?? []),
  ];
  return [
    `<section id="verdict" class="verdict level-${verdict.level}">`,
    `<h2>Verdict: ${escapeHtml(labelVerdict(verdict))}</h2>`,
    verdict.reasons.length > 0 ? renderList(verdict.reasons, 'reasons') : '<p>No rule broken.</p>',
    renderVerdictNotes(verdict),
    warnings.length > 0 ? `<h3>Run warnings</h3>${renderList(warnings, 'warnings')}` : '',
    verdict.rulesDefaulted
      ? '<p class="note">No rules in the profile: the default rules were used (p95, p99 and error-rate regressions with floors and a noise test; an error-rate guard).</p>'
      : '',
    '</section>',
  ].join('');
}

function renderFacts(rows: readonly [string, string | undefined][]): string {
  const items = rows
    .filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '')
    .map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${value}</dd>`);
  return `<dl>${items.join('')}</dl>`;
}

function describeRun(run: ResultsFileV1): [string, string | undefined][] {
  const load = run.load;
  const peak =
    load.peakRatePerSec !== undefined
      ? formatRate(load.peakRatePerSec)
      : load.peakVus !== undefined
        ? `${formatCount(load.peakVus)} virtual users`
        : undefined;
  return [
    ['Target', `<code>${escapeHtml(run.target)}</code>`],
    ['Started (UTC)', escapeHtml(formatUtcMinute(run.startedAt))],
    ['Measured', escapeHtml(formatRunDuration(run.durationMs))],
    ['Status', escapeHtml(run.status)],
    [
      'Load',
      escapeHtml(
        [
          load.executor,
          peak,
          describeProtocol(load),
          `${formatCount(load.connections)} connections`,
        ]
          .filter((part) => part)
          .join(' · '),
      ),
    ],
    [
      'Requests',
      `${formatCount(run.totals.requests)} (${escapeHtml(formatRate(run.throughput.rps))})`,
    ],
    ['Selection', run.selection ? escapeHtml(describeSelection(run.selection)) : undefined],
    [
      'Commit',
      run.environment.gitSha ? `<code>${escapeHtml(run.environment.gitSha)}</code>` : undefined,
    ],
    ['Ref', run.environment.gitRef ? escapeHtml(run.environment.gitRef) : undefined],
    [
      'Generator',
      escapeHtml(
        `loadgate ${run.tool.version} · Node ${run.environment.node} · ${run.environment.platform}/${run.environment.arch} · ${run.environment.cpus} CPUs${run.environment.ci ? ' · CI' : ''}`,
      ),
    ],
    [
      'Workflow run',
      run.run?.runUrl ? renderLink(run.run.runUrl, escapeHtml(run.run.runUrl)) : undefined,
    ],
  ];
}

function renderRunAndBaseline(input: HtmlReportInput): string {
  const { current, baseline, verdict } = input;
  const info = verdict.baseline;
  const provenance: [string, string | undefined][] = info
    ? [
        ['Commit', info.commit ? `<code>${escapeHtml(info.commit)}</code>` : undefined],
        ['Ref', info.ref ? escapeHtml(info.ref) : undefined],
        ['Measured (UTC)', info.date ? escapeHtml(formatUtcMinute(info.date)) : undefined],
        [
          'Workflow run',
          info.runUrl
            ? renderLink(info.runUrl, escapeHtml(info.runId ? `run ${info.runId}` : info.runUrl))
            : info.runId
              ? escapeHtml(`run ${info.runId}`)
              : undefined,
        ],
        ['Merged runs', info.mergedRuns ? formatCount(info.mergedRuns) : undefined],
      ]
    : [];
  const baselineRun = baseline
    ? describeRun(baseline).filter(([term]) =>
        ['Target', 'Measured', 'Load', 'Requests'].includes(term),
      )
    : [];
  const baselineBlock = verdict.hasBaseline
    ? renderFacts([...provenance, ...baselineRun])
    : '<p>No baseline: only absolute thresholds were checked.</p>';
  return [
    '<section id="run" class="columns">',
    `<div><h2>This run</h2>${renderFacts(describeRun(current))}</div>`,
    `<div><h2>Baseline</h2>${baselineBlock}</div>`,
    '</section>',
  ].join('');
}

interface KindRow {
  scope: string;
  kind: string;
  count: number;
  requests: number;
  base?: number;
}

function kindRowsOf(scope: string, figures: Figures, base: Figures | undefined): KindRow[] {
  const rows: KindRow[] = [];
  const push = (kind: string, count: number, baseCount: number | undefined) => {
    if (count > 0 || (baseCount ?? 0) > 0) {
      rows.push({
        scope,
        kind,
        count,
        requests: figures.totals.requests,
        ...(baseCount === undefined ? {} : { base: baseCount }),
      });
    }
  };
  const codes = new Set([
    ...Object.keys(figures.statusCodes),
    ...Object.keys(base?.statusCodes ?? {}),
  ]);
  for (const code of [...codes].sort()) {
    push(`HTTP ${code}`, figures.statusCodes[code] ?? 0, base && (base.statusCodes[code] ?? 0));
  }
  for (const [kind, count] of Object.entries(figures.failureKinds)) {
    const baseCount = base?.failureKinds[kind as keyof Figures['failureKinds']];
    push(`failed: ${kind}`, count, base && (baseCount ?? 0));
  }
  const errors = new Set([
    ...Object.keys(figures.errorKinds),
    ...Object.keys(base?.errorKinds ?? {}),
  ]);
  for (const kind of [...errors].sort()) {
    push(`no answer: ${kind}`, figures.errorKinds[kind] ?? 0, base && (base.errorKinds[kind] ?? 0));
  }
  return rows;
}

function renderKindTable(input: HtmlReportInput): string {
  const { current, baseline } = input;
  const rows = [
    ...kindRowsOf(WHOLE_RUN, current, baseline),
    ...current.scenarios.flatMap((s) =>
      kindRowsOf(
        s.name,
        s,
        baseline?.scenarios.find((b) => b.name === s.name),
      ),
    ),
  ];
  if (rows.length === 0) return '';
  const shown = rows
    .slice(0, MAX_KIND_ROWS)
    .map(
      (r) =>
        `<tr><td>${scopeLabel(r.scope)}</td><td>${escapeHtml(r.kind)}</td><td class="num">${formatCount(r.count)}</td><td class="num">${escapeHtml(r.requests > 0 ? formatPercent(r.count / r.requests) : '–')}</td>${baseline ? `<td class="num">${r.base === undefined ? '–' : formatCount(r.base)}</td>` : ''}</tr>`,
    );
  const more = rows.length - shown.length;
  return [
    '<section id="kinds"><h2>Answers, failures and errors</h2>',
    '<p class="hint">Status codes of the answers; failed: an answer that did not match the expectation; no answer: a transport error.</p>',
    `<div class="scroll"><table><thead><tr><th scope="col">Scope</th><th scope="col">Kind</th><th scope="col">Count</th><th scope="col">Share</th>${baseline ? '<th scope="col">Baseline</th>' : ''}</tr></thead>`,
    `<tbody>${shown.join('')}</tbody></table></div>`,
    more > 0 ? `<p class="note">… and ${formatCount(more)} more rows, not listed.</p>` : '',
    '</section>',
  ].join('');
}

function renderChartSection(id: string, title: string, hint: string, charts: readonly ChartSpec[]) {
  if (charts.length === 0) return '';
  const boxes = charts.map((c) => `<div class="chart" id="chart-${c.id}"></div>`).join('');
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2><p class="hint">${escapeHtml(hint)}</p>${boxes}</section>`;
}

const LEVEL_RANK = { fail: 0, warn: 1, pass: 2 } as const;

/** The scenarios' names, the verdict's worst first (fail, warn), else in the run's order: the
 * scenario charts show those first when there are more than they draw. */
function orderScenariosForCharts(input: HtmlReportInput): string[] {
  const rank = (name: string) =>
    LEVEL_RANK[input.verdict.scenarios.find((s) => s.name === name)?.level ?? 'pass'];
  return input.current.scenarios
    .map((s, i) => ({ name: s.name, i }))
    .sort((a, b) => rank(a.name) - rank(b.name) || a.i - b.i)
    .map((s) => s.name);
}

function renderScenarioCharts(
  scenarioCharts: { charts: readonly ScenarioChart[]; leftOut: number },
  compared: string,
): string {
  const { charts, leftOut } = scenarioCharts;
  if (charts.length === 0) return '';
  const boxes = charts
    .map(
      ({ name, chart }) =>
        `<h3 class="scenario-chart">${escapeHtml(name)}</h3><div class="chart" id="chart-${chart.id}"></div>`,
    )
    .join('');
  return [
    '<section id="scenario-charts"><h2>Scenarios over time</h2>',
    `<p class="hint">${escapeHtml(`p95 latency of each scenario's requests completed in each second, ${compared}; failing and warning scenarios first, at most ${formatCount(MAX_SCENARIO_CHARTS)} (more than ${formatCount(MAX_SCENARIO_CHART_POINTS)} points are merged, keeping the highest).`)}</p>`,
    boxes,
    leftOut > 0
      ? `<p class="note">… and ${formatCount(leftOut)} more scenario${leftOut === 1 ? '' : 's'}, not charted (see the Scenarios table).</p>`
      : '',
    '</section>',
  ].join('');
}

function renderHistoryTable(entries: readonly HistoryEntry[]): string {
  const shown = entries.slice(-MAX_HISTORY_ROWS).reverse();
  const rows = shown.map((e) => {
    const commit = e.commit ? `<code>${escapeHtml(e.commit.slice(0, 12))}</code>` : '–';
    const l = e.overall.latencyMs;
    const runs = e.runs > 1 ? ` ×${formatCount(e.runs)}` : '';
    return `<tr class="status-${escapeHtml(e.verdict)}"><td>${escapeHtml(formatUtcMinute(e.at))}${runs}</td><td>${renderLink(e.runUrl, commit)}</td><td class="num">${escapeHtml(formatLatencyMs(l.p50))}</td><td class="num">${escapeHtml(formatLatencyMs(l.p95))}</td><td class="num">${escapeHtml(formatLatencyMs(l.p99))}</td><td class="num">${escapeHtml(formatRate(e.overall.rps))}</td><td class="num">${escapeHtml(formatPercent(e.overall.errorRate))}</td><td>${escapeHtml(labelLevel(e.verdict))}${e.breach ? ` (${escapeHtml(e.breach)})` : ''}</td></tr>`;
  });
  return `<div class="scroll"><table><thead><tr><th scope="col">Run (UTC)</th><th scope="col">Commit</th><th scope="col">p50</th><th scope="col">p95</th><th scope="col">p99</th><th scope="col">Rate</th><th scope="col">Error rate</th><th scope="col">Verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function renderHistory(entries: readonly HistoryEntry[] | undefined, charts: readonly ChartSpec[]) {
  if (!entries || entries.length === 0) return '';
  const first = entries[0] as HistoryEntry;
  const series = `${first.profile} (${first.layer}/${first.interval})`;
  return [
    '<section id="history"><h2>History</h2>',
    `<p class="hint">The series ${escapeHtml(series)}: ${formatCount(entries.length)} runs, newest first in the table.</p>`,
    charts.map((c) => `<div class="chart" id="chart-${c.id}"></div>`).join(''),
    renderHistoryTable(entries),
    '</section>',
  ].join('');
}

const STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--alt:#f6f8fa;--pass:#1a7f37;--warn:#9a6700;--fail:#d1242f}
*{box-sizing:border-box}
body{margin:0;padding:24px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1200px;margin:0 auto}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px;margin:16px 0 4px}
.sub{color:var(--muted);margin:0 0 16px}
.verdict{border-left:6px solid var(--line);padding:8px 16px;background:var(--alt);border-radius:6px}
.level-pass{border-color:var(--pass)}.level-warn{border-color:var(--warn)}.level-fail{border-color:var(--fail)}
.verdict h2{margin-top:4px}
.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:0 32px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:var(--alt);position:sticky;top:0}
td.num{text-align:right;white-space:nowrap}
tbody tr:nth-child(even){background:#fbfcfd}
tr.whole-run{font-weight:600}
table.figures{font-size:13px}table.figures th[scope=row]{min-width:160px;max-width:280px}
.name{display:block;overflow-wrap:anywhere}.path{display:block;color:var(--muted);font-weight:400;font-size:12px;overflow-wrap:anywhere}
.base,.change,.status,.rule{display:block;color:var(--muted);font-size:11px;font-weight:400}
.status-fail{color:var(--fail)}.status-warn{color:var(--warn)}.status-improved{color:var(--pass)}
td.status-fail{background:#ffebe9}td.status-warn{background:#fff8c5}td.status-improved{background:#dafbe1}
.warn-text{color:var(--warn);font-size:12px}
ol.remeasures{margin:2px 0 0;padding:0;list-style:none;font-size:11px;color:var(--muted)}
.outcome{display:block;font-size:11px;font-weight:600}.outcome-confirmed{color:var(--fail)}.outcome-unconfirmed{color:var(--warn)}
.confirmation,.side-by-side{margin:8px 0}
.hint,.note{color:var(--muted);font-size:12px}
.chart{margin:12px 0;min-height:300px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}
footer{margin-top:40px;color:var(--muted);font-size:12px}
footer pre{white-space:pre-wrap;font-size:11px}
`;

/**
 * The whole report as one HTML document (UTF-8, about 60 KB of it uPlot). Pure: the same input
 * gives the same page; no clock (the page shows when the run started, not when it was
 * rendered).
 *
 * Sections: verdict (level, reasons, the re-measures made and their time, the side-by-side
 * baseline, the accept label's rows, run warnings), this run and its baseline (where it came
 * from: commit, ref, workflow run, date, merged runs), comparisons against the baseline (each
 * compared metric with its change, confidence interval and p-value, status and rule, and each
 * re-measure's value and status in order),
 * thresholds, scenarios (whole run first; count, rate, error and block rate, p50, p90, p95,
 * p99, p99.9, max, each with the baseline's value and the change), categories (percentiles from
 * the scenarios' histograms merged exactly), charts over time (throughput, p50/p95/p99,
 * errors and dropped per second, both runs), each scenario's p95 over time (at most
 * {@link MAX_SCENARIO_CHARTS}), the percentile distribution of both runs, status
 * codes and failure and error kinds, and the history trend when `history` has runs.
 * Table cells carry `data-metric` and `data-value` (the raw figure) for tools and tests.
 */
export function renderHtmlReport(input: HtmlReportInput, options: HtmlReportOptions): string {
  const { current, baseline, verdict } = input;
  const timeline = buildTimelineCharts(current, baseline);
  const perScenario = buildScenarioCharts(current, baseline, {
    order: orderScenariosForCharts(input),
  });
  const distribution = buildDistributionChart(current, baseline);
  const trend = input.history ? buildTrendCharts(input.history) : [];
  const charts = [
    ...timeline,
    ...perScenario.charts.map((c) => c.chart),
    ...(distribution ? [distribution] : []),
    ...trend,
  ];
  const data = serializeScriptJson({ charts });
  const policy = [
    "default-src 'none'",
    `script-src 'sha256-${options.sha256Base64(UPLOT_JS)}' 'sha256-${options.sha256Base64(HTML_REPORT_SCRIPT)}'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = `loadgate ${verdict.level}: ${current.profile.name}`;
  const compared = baseline ? 'against its baseline (dashed)' : 'no baseline';
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${UPLOT_CSS}</style><style>${STYLE}</style>`,
    '</head><body><main>',
    `<header><h1>loadgate report: ${escapeHtml(current.profile.name)}</h1>`,
    `<p class="sub">${escapeHtml(`${formatUtcMinute(current.startedAt)} UTC · ${formatRunDuration(current.durationMs)} measured · ${formatCount(current.totals.requests)} requests · ${formatRate(current.throughput.rps)} · ${verdict.hasBaseline ? 'compared with a baseline' : 'no baseline'}`)}</p></header>`,
    renderVerdict(input),
    renderRunAndBaseline(input),
    renderComparisonTable(verdict),
    renderThresholdTable(verdict),
    renderScenarioTable(input),
    renderCategoryTable(input),
    renderChartSection(
      'over-time',
      'Over time',
      `Each run from its own start, ${compared}; latency of the requests completed in each second (a long run's windows at their middle; more than ${formatCount(MAX_CHART_POINTS)} points are merged, latency keeping the highest).`,
      timeline,
    ),
    renderScenarioCharts(perScenario, compared),
    renderChartSection(
      'percentiles',
      'Latency distribution',
      `Latency at each percentile of the whole run (HdrHistogram, log scale: 90 %, 99 %, 99.9 % …), ${compared}.`,
      distribution ? [distribution] : [],
    ),
    renderKindTable(input),
    renderHistory(input.history, trend),
    `<footer><p>Written by loadgate ${escapeHtml(current.tool.version)}. Charts drawn with uPlot ${escapeHtml(UPLOT_VERSION)}, inlined; this page loads nothing from the network.</p>`,
    `<details><summary>uPlot licence</summary><pre>${escapeHtml(UPLOT_LICENSE, 5_000)}</pre></details></footer>`,
    '</main>',
    `<script type="application/json" id="loadgate-data">${data}</script>`,
    `<script>${UPLOT_JS}</script>`,
    `<script>${HTML_REPORT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
