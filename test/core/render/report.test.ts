import type { Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import {
  downsampleP95,
  MAX_CHART_POINTS,
  type ReportInput,
  renderLatencyChart,
  renderReport,
} from '../../../src/core/render/report.js';
import type { TimelinePoint } from '../../../src/core/stats/figures.js';
import { makeTimeline } from '../../helpers/make-run-results.js';
import { GOLDEN_CASES } from './report-cases.js';
import { HUGE_SCENARIOS, LARGE_CASES } from './report-cases-large.js';
import { NASTY_NAME, NASTY_RULE } from './report-cases-nasty.js';

const ALL_CASES = { ...GOLDEN_CASES, ...LARGE_CASES };

function parse(md: string): Root {
  return fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** Every node of a tree, depth first. */
function walk(node: Root | RootContent): (Root | RootContent)[] {
  const children = 'children' in node ? (node.children as RootContent[]) : [];
  return [node, ...children.flatMap(walk)];
}

function textOf(node: Root | RootContent): string {
  if ('value' in node) return node.value;
  return 'children' in node ? (node.children as RootContent[]).map(textOf).join('') : '';
}

function tablesOf(tree: Root): Table[] {
  return walk(tree).filter((n): n is Table => n.type === 'table');
}

/** Rows (header included) each table should have: the scenario tables, then the details. */
function expectedTableRows(input: ReportInput): number[] {
  const { scenarios } = input.verdict;
  const ordered = [
    ...scenarios.filter((s) => s.name === 'all'),
    ...scenarios.filter((s) => s.name !== 'all'),
  ];
  const collapse = ordered.length - 1 > 10;
  const quiet = (s: (typeof scenarios)[number]) =>
    s.level === 'pass' &&
    s.metrics.every((m) => m.status === 'pass' || m.status === 'no-baseline') &&
    s.thresholds.every((t) => t.level === 'pass');
  const tabled = ordered.filter((s) => s.name === 'all' || !collapse || !quiet(s));
  const tables = tabled.flatMap((s) => [
    s.metrics.length + 1,
    ...(s.thresholds.length > 0 ? [s.thresholds.length + 1] : []),
  ]);
  const journeys = input.current.journeys ?? [];
  return [
    ...(journeys.length > 0 ? [journeys.length + 1] : []),
    ...tables,
    ...ordered.map(() => 11),
  ];
}

describe('renderReport goldens', () => {
  it.each(Object.keys(ALL_CASES))('%s', async (name) => {
    const input = ALL_CASES[name]?.() as ReportInput;
    const { markdown, notes } = renderReport(input);
    await expect(markdown).toMatchFileSnapshot(`../../golden/${name}.md`);
    expect(renderReport(input).markdown).toBe(markdown);
    const tree = parse(markdown);
    for (const table of tablesOf(tree)) {
      const width = table.children[0]?.children.length;
      for (const row of table.children) expect(row.children).toHaveLength(width ?? 0);
    }
    const allowedHtml =
      /^(<!-- loadgate:[\w.:/-]+ -->|<details><summary>Details<\/summary>|<\/details>|<\/?sub>)$/;
    const html = walk(tree).filter((n) => n.type === 'html');
    for (const node of html) expect(textOf(node)).toMatch(allowedHtml);
    const links = walk(tree).filter((n) => n.type === 'link');
    for (const link of links)
      expect('url' in link && link.url).toMatch(/^https:\/\/github\.com\/acme\//);
    expect(textOf(tree)).not.toMatch(/@(?!\u200B)\w/);
    if (name === 'huge-profile') {
      expect(markdown.length).toBeLessThanOrEqual(65_000);
      expect(notes.join('\n')).toMatch(/left out the latency chart/);
      expect(notes.join('\n')).toMatch(/left out the details of 400 scenarios/);
      expect(notes.join('\n')).toMatch(/left out the tables of \d+ scenarios/);
      expect(markdown).toMatch(
        /_The tables of \d+ scenarios were left out to keep this report under 65,000 characters; the results file has every scenario\._/,
      );
      expect(markdown).toContain('_The latency chart was left out');
      expect(tablesOf(tree).length).toBeLessThan(HUGE_SCENARIOS);
    } else {
      expect(notes).toEqual([]);
      expect(tablesOf(tree).map((t) => t.children.length)).toEqual(expectedTableRows(input));
    }
  });
});

describe('renderReport with hostile names', () => {
  const input = GOLDEN_CASES.fail?.() as ReportInput;
  const tree = parse(renderReport(input).markdown);

  it('keeps a rule with pipes in one cell, read back as written', () => {
    const cells = tablesOf(tree).flatMap((t) => t.children.flatMap((r) => r.children.map(textOf)));
    expect(cells.filter((c) => c === NASTY_RULE)).toHaveLength(1);
  });

  it('shows names as plain text: no script, no mention', () => {
    const headings = walk(tree)
      .filter((n) => n.type === 'heading')
      .map(textOf);
    expect(headings).toContain(`❌ fail — ${NASTY_NAME} · @\u200Bteam`);
    expect(headings).toContain('✅ pass — ``cat`` | `x`');
  });
});

describe('renderReport notes and head', () => {
  it('notes inputs that do not match instead of failing', () => {
    const input = GOLDEN_CASES['no-baseline']?.() as ReportInput;
    const ghost = {
      ...input.verdict,
      scenarios: [
        ...input.verdict.scenarios,
        { name: 'ghost', metrics: [], thresholds: [], level: 'pass' as const },
      ],
    };
    const { markdown, notes } = renderReport({ ...input, verdict: ghost, baseline: input.current });
    expect(notes).toEqual([
      'A baseline results file was given but the verdict has no baseline; it was not used.',
      'Scenario "ghost" is in the verdict but not in the results file.',
    ]);
    expect(markdown).toContain('**ghost**\n\nNot in the results file.');
  });

  it('puts a sanitised marker first and lets a title replace the profile name', () => {
    const input = GOLDEN_CASES.pass?.() as ReportInput;
    const { markdown } = renderReport({ ...input, marker: 'pr --> <x>', title: 'API @edge' });
    expect(markdown.split('\n\n').slice(0, 2)).toEqual([
      '<!-- loadgate:pr------x- -->',
      '### ✅ loadgate: pass — API @\u200Bedge',
    ]);
  });
});

describe('renderReport against a rolling baseline', () => {
  it('names the runs merged and shows no service time for them (histories keep none)', () => {
    const input = GOLDEN_CASES.pass?.() as ReportInput;
    const merged = {
      ...input.verdict,
      baseline: { ref: 'rolling: the last 5 runs of scheduled/hourly', mergedRuns: 5 },
    };
    const { markdown } = renderReport({ ...input, verdict: merged });
    expect(markdown).toContain('Baseline: rolling: the last 5 runs of scheduled/hourly');
    expect(markdown).toMatch(/^\| service time p50 \| — \| [\d.]+ (ms|µs) \|$/m);
    expect(markdown).toMatch(/^\| service time p99 \| — \| [\d.]+ (ms|µs) \|$/m);
    // One run as the baseline: its service time is shown.
    const { markdown: single } = renderReport(input);
    expect(single).toMatch(/^\| service time p50 \| [\d.]+ (ms|µs) \| [\d.]+ (ms|µs) \|$/m);
  });
});

function lines(chart: string[]): number[][] {
  const fence = chart[0] ?? '';
  return [...fence.matchAll(/^ {2}line \[(.*)\]$/gm)].map((m) =>
    (m[1] ?? '').split(', ').map(Number),
  );
}

describe('downsampleP95', () => {
  it('keeps the highest p95 of each bucket so spikes survive', () => {
    const timeline = makeTimeline(10, (t) => (t === 7 ? 300 : 10));
    expect(downsampleP95(timeline, 10, 5)).toEqual([10, 300]);
  });

  it('ignores seconds past the charted span', () => {
    expect(
      downsampleP95(
        makeTimeline(10, () => 5),
        4,
        2,
      ),
    ).toEqual([5, 5]);
  });
});

describe('renderLatencyChart', () => {
  it('draws at most 60 points per line over a long run, spike included', () => {
    const chart = renderLatencyChart(makeTimeline(3_600, (t) => (t === 1_234 ? 900 : 12)));
    const [current] = lines(chart);
    expect(current?.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(Math.max(...(current ?? []))).toBe(900);
    expect(chart[0]).toContain('x-axis "seconds" 0 --> 3540');
    expect(chart[0]).toContain('y-axis "p95 (ms)" 0 --> 1000');
    expect(chart[1]).toBe("Blue: this run's p95 latency (the highest within each 60 s).");
  });

  it('draws the baseline first (grey) and the current run on top (blue)', () => {
    const chart = renderLatencyChart(
      makeTimeline(5, () => 20),
      makeTimeline(5, () => 10),
    );
    expect(lines(chart)).toEqual([
      [10, 10, 10, 10, 10],
      [20, 20, 20, 20, 20],
    ]);
    expect(chart[0]).toContain('"plotColorPalette": "#9ca3af, #2563eb"');
    expect(chart[1]).toBe("Blue: this run's p95 latency; grey: the baseline's (each second).");
  });

  it('charts runs of different lengths over the shorter one and says so', () => {
    const chart = renderLatencyChart(
      makeTimeline(30, () => 5),
      makeTimeline(20, () => 5),
    );
    expect(lines(chart).map((l) => l.length)).toEqual([20, 20]);
    expect(chart[1]).toContain('the chart covers the first 20.0 s of both');
  });

  it('draws nothing for a run shorter than two seconds', () => {
    expect(renderLatencyChart(makeTimeline(1, () => 5))).toEqual([]);
  });

  it('charts a soak over its whole span, each wide window in every bucket it covers', () => {
    // A 2-hour soak: 600 s per second, 60 windows of 100 s (p95 30 ms), 600 s per second.
    const edges = (from: number) =>
      makeTimeline(600, () => 10).map((p) => ({ ...p, t: p.t + from }));
    const middle = makeTimeline(60, () => 30).map((p) => ({
      ...p,
      t: 600 + p.t * 100,
      widthSec: 100,
    }));
    const soak = [...edges(0), ...middle, ...edges(6_600)];
    const chart = renderLatencyChart(soak);
    const [current] = lines(chart);
    // 7,200 s in buckets of 120 s: 5 of the first 10 minutes, 50 of windows, 5 of the last.
    expect(chart[0]).toContain('x-axis "seconds" 0 --> 7080');
    expect(current).toEqual([...Array(5).fill(10), ...Array(50).fill(30), ...Array(5).fill(10)]);
    expect(chart[1]).toBe(
      "Blue: this run's p95 latency (the highest within each 120 s). Between the first and the last 10 minutes, each point is the p95 of a window of up to 100 s.",
    );
  });
});

describe('downsampleP95 with wide points', () => {
  it('puts a window wider than a bucket into each bucket it overlaps', () => {
    const timeline = [
      ...makeTimeline(2, () => 5),
      { ...makeTimeline(1, () => 40)[0], t: 2, widthSec: 6 } as TimelinePoint,
      { ...makeTimeline(1, () => 7)[0], t: 8 } as TimelinePoint,
    ];
    expect(downsampleP95(timeline, 9, 2)).toEqual([5, 40, 40, 40, 7]);
  });
});
