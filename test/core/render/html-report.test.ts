import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import type { Verdict } from '../../../src/core/judge/types.js';
import { escapeHtml } from '../../../src/core/render/html-escape.js';
import {
  MAX_CHART_POINTS,
  MAX_SCENARIO_ROWS,
  renderHtmlReport,
} from '../../../src/core/render/html-report.js';
import type { ChartSpec } from '../../../src/core/render/html-report-data.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import { mergeEncodedHistograms, summarizeHistogram } from '../../../src/core/stats/histogram.js';
import { makeResult } from '../../helpers/make-result.js';
import { makeScenarioResult } from '../../helpers/make-run-results.js';
import { type SyntheticScenario, simulateRun } from '../../helpers/synthetic-run.js';
import { makeEntries, NOW_MS } from '../history/history-fixtures.js';

const HOSTILE = '</script><img src=x onerror=alert(1)>';
const sha256Base64 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

function judge(current: ResultsFileV1, baseline?: ResultsFileV1): Verdict {
  return buildVerdict({
    current,
    ...(baseline ? { baseline } : {}),
    rules: defaultRules(current.scenarios.map((s) => s.name)),
  });
}

function render(
  current: ResultsFileV1,
  baseline?: ResultsFileV1,
  verdict = judge(current, baseline),
) {
  return renderHtmlReport(
    { current, verdict, ...(baseline ? { baseline } : {}) },
    { sha256Base64 },
  );
}

/** Every `<script>` element: its attributes and text. */
function scriptsOf(html: string): { attributes: string; text: string }[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)].map((m) => ({
    attributes: m[1] ?? '',
    text: m[2] ?? '',
  }));
}

function chartsOf(html: string): ChartSpec[] {
  const data = scriptsOf(html).find((s) => s.attributes.includes('application/json'));
  if (!data) throw new Error('no data block');
  return (JSON.parse(data.text) as { charts: ChartSpec[] }).charts;
}

/** The `data-value` of the `metric` cell in the table row whose first cell holds `label`. */
function cellValue(html: string, label: string, metric: string): number | undefined {
  const row = html.split('<tr').find((r) => r.includes(`<th scope="row">${label}`));
  const match = row?.match(new RegExp(`data-metric="${metric}" data-value="([^"]+)"`));
  return match ? Number(match[1]) : undefined;
}

const SCENARIOS: SyntheticScenario[] = [
  { name: 'list products', ratePerSec: 40, medianMs: 20, category: 'shop' },
  { name: HOSTILE, ratePerSec: 10, medianMs: 5, category: 'security', errorRate: 0.05 },
];

describe('renderHtmlReport', () => {
  it('a 10-minute run against its baseline: one page under 2 MB, every chart with its points', () => {
    const tenMinutes = 600_000;
    const baseline = simulateRun({ scenarios: SCENARIOS, durationMs: tenMinutes, seed: 1 });
    const current = simulateRun({ scenarios: SCENARIOS, durationMs: tenMinutes, seed: 2 });
    const html = render(current, baseline);

    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(2_000_000);
    const charts = chartsOf(html);
    expect(charts.map((c) => c.id)).toEqual([
      'throughput',
      'latency',
      'errors',
      'scenario-1',
      'scenario-2',
      'distribution',
    ]);
    for (const chart of charts) {
      expect(chart.x.length, chart.id).toBeGreaterThan(0);
      expect(chart.x.length, chart.id).toBeLessThanOrEqual(MAX_CHART_POINTS);
      for (const series of chart.series) expect(series.values).toHaveLength(chart.x.length);
      expect(html).toContain(`<div class="chart" id="chart-${chart.id}"></div>`);
    }
    const throughput = charts[0]?.series.map((s) => s.label);
    expect(throughput).toEqual(['current', 'baseline']);
  });

  it('shows hostile names as text: nothing runs, loads or leaves its element', () => {
    const current = simulateRun({ scenarios: SCENARIOS, durationMs: 5_000, seed: 3 });
    const hostile: ResultsFileV1 = {
      ...current,
      profile: { name: `"><svg onload=alert(1)>` },
      target: 'http://127.0.0.1:9/"><script>alert(1)</script>',
      warnings: ['<iframe src=javascript:alert(1)>'],
      run: { runUrl: 'javascript:alert(1)' },
      environment: { ...current.environment, gitRef: 'refs/heads/\u202Eevil' },
    };
    const verdict: Verdict = {
      ...judge(hostile),
      reasons: [`${HOSTILE}: p95 over the limit`],
      baseline: { runUrl: 'javascript:alert(2)', runId: '"><b>', commit: '<i>abc' },
      hasBaseline: true,
    };
    const html = render(hostile, undefined, verdict);

    expect(html).not.toMatch(/<(img|svg|iframe|b|i)[\s>]/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).not.toContain('\u202E');
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain(`${escapeHtml(HOSTILE)}: p95 over the limit`);
    // Three script elements: the data block, uPlot and the report's own script.
    const scripts = scriptsOf(html);
    expect(scripts.map((s) => s.attributes)).toEqual([
      ' type="application/json" id="loadgate-data"',
      '',
      '',
    ]);
    expect(() => chartsOf(html)).not.toThrow();
    // The Content-Security-Policy admits exactly those two scripts, by hash, and nothing else.
    const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
    expect(policy).toContain("default-src 'none'");
    const hashes = [...(policy ?? '').matchAll(/'sha256-([^']+)'/g)].map((m) => m[1]);
    expect(hashes).toEqual(scripts.slice(1).map((s) => sha256Base64(s.text)));
    expect(policy).not.toContain("script-src 'unsafe-inline'");
  });

  it('tables hold the figures of the results file', () => {
    const current = simulateRun({ scenarios: SCENARIOS, durationMs: 5_000, seed: 4 });
    const html = render(current);
    const whole = 'all scenarios (whole run)';
    expect(cellValue(html, whole, 'requests')).toBe(current.totals.requests);
    expect(cellValue(html, whole, 'p95')).toBe(current.latencyMs.p95);
    for (const scenario of current.scenarios) {
      const label = `<span class="name">${escapeHtml(scenario.name)}</span>`;
      for (const metric of ['p50', 'p90', 'p95', 'p99', 'p999', 'max'] as const) {
        expect(cellValue(html, label, metric), `${scenario.name} ${metric}`).toBe(
          scenario.latencyMs[metric],
        );
      }
      expect(cellValue(html, label, 'errorRate')).toBe(scenario.errorRate);
      expect(cellValue(html, label, 'rps')).toBe(scenario.throughput.rps);
    }
    // A category's percentiles come from its scenarios' histograms merged exactly.
    const security = current.scenarios.filter((s) => s.category === 'security');
    const merged = mergeEncodedHistograms(security.map((s) => s.histogram));
    const exact = summarizeHistogram(merged);
    merged.destroy();
    const label = '<span class="name">security</span>';
    expect(cellValue(html, label, 'p999')).toBe(exact.p999);
    expect(cellValue(html, label, 'max')).toBe(exact.max);
  });

  it("a regression: the scenario's cell carries the baseline, the change, the p-value and the status", () => {
    const one: SyntheticScenario[] = [{ name: 'orders', ratePerSec: 50, medianMs: 20 }];
    const baseline = simulateRun({ scenarios: one, durationMs: 20_000, seed: 5 });
    const slower = simulateRun({
      scenarios: [{ ...(one[0] as SyntheticScenario), medianMs: 40 }],
      durationMs: 20_000,
      seed: 6,
    });
    const verdict = judge(slower, baseline);
    expect(verdict.level).toBe('fail');
    const html = render(slower, baseline, verdict);
    const row = html
      .split('<tr')
      .find((r) => r.includes('<span class="name">orders</span>'))
      ?.split('<td');
    const p95 = row?.find((cell) => cell.includes('data-metric="p95"'));
    expect(p95).toContain('status-fail');
    expect(p95).toMatch(/base [\d.]+ ms, \+\d/);
    expect(p95).toContain('p &lt; 0.001');
    // The comparisons table states the confidence interval and the rule.
    expect(html).toMatch(/95 % CI \+[\d.]+…\+[\d.]+ ms/);
    expect(html).toContain('id="comparisons"');
  });

  it('says when there is no baseline, and draws the current run alone', () => {
    const current = simulateRun({ scenarios: SCENARIOS, durationMs: 5_000, seed: 7 });
    const html = render(current);
    expect(html).toContain('No baseline: only absolute thresholds were checked.');
    for (const chart of chartsOf(html)) {
      expect(chart.series.some((s) => s.label.startsWith('baseline'))).toBe(false);
    }
  });

  it('adds the history trend when the run keeps one', () => {
    const current = simulateRun({ scenarios: SCENARIOS, durationMs: 5_000, seed: 8 });
    const history = makeEntries([NOW_MS - 7_200_000, NOW_MS - 3_600_000, NOW_MS]);
    const html = renderHtmlReport({ current, verdict: judge(current), history }, { sha256Base64 });
    expect(html).toContain('<section id="history">');
    expect(chartsOf(html).map((c) => c.id)).toContain('trend-latency');
    expect(html.match(/<td>2027-03-01 \d\d:00/g)).toHaveLength(3);
    expect(render(current)).not.toContain('<section id="history">');
  });

  it('lists at most 500 scenarios and says how many more there are', () => {
    const scenarios = Array.from({ length: MAX_SCENARIO_ROWS + 20 }, (_, i) =>
      makeScenarioResult(`s${i}`),
    );
    const current = makeResult({ scenarios });
    const html = render(current, undefined, { ...judge(current), scenarios: [] });
    expect(html.match(/<tr class="scenario">/g)).toHaveLength(MAX_SCENARIO_ROWS);
    expect(html).toContain('… and 20 more scenarios, not listed.');
  });

  it("charts each scenario's p95 under its escaped name, failing scenarios first, at most 12", () => {
    const many: SyntheticScenario[] = Array.from({ length: 14 }, (_, i) => ({
      name: i === 13 ? HOSTILE : `s${i}`,
      ratePerSec: 5,
      medianMs: 10,
    }));
    const current = simulateRun({ scenarios: many, durationMs: 3_000, seed: 12 });
    const judged = judge(current);
    // The last scenario (the hostile name) fails: it is charted first.
    const verdict: Verdict = {
      ...judged,
      scenarios: [
        ...judged.scenarios.filter((s) => s.name !== HOSTILE),
        { name: HOSTILE, metrics: [], thresholds: [], level: 'fail' },
      ],
    };
    const html = render(current, undefined, verdict);
    const section = html.slice(
      html.indexOf('<section id="scenario-charts">'),
      html.indexOf('</section>', html.indexOf('<section id="scenario-charts">')),
    );
    const headings = [...section.matchAll(/<h3 class="scenario-chart">([^<]*)<\/h3>/g)].map(
      (m) => m[1],
    );
    expect(headings).toEqual([escapeHtml(HOSTILE), ...many.slice(0, 11).map((s) => s.name)]);
    expect(section).toContain('… and 2 more scenarios, not charted (see the Scenarios table).');
    const ids = chartsOf(html)
      .map((c) => c.id)
      .filter((id) => id.startsWith('scenario-'));
    expect(ids).toHaveLength(12);
    for (const id of ids) expect(section).toContain(`<div class="chart" id="chart-${id}"></div>`);
    // One scenario: its chart would repeat the run's, so there is none.
    const single = simulateRun({ scenarios: many.slice(0, 1), durationMs: 2_000, seed: 13 });
    expect(render(single)).not.toContain('id="scenario-charts"');
  });

  it('is the same page for the same input', () => {
    const current = simulateRun({ scenarios: SCENARIOS, durationMs: 3_000, seed: 9 });
    const verdict = judge(current);
    expect(render(current, undefined, verdict)).toBe(render(current, undefined, verdict));
  });
});
