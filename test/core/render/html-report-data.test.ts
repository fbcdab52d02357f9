import { describe, expect, it } from 'vitest';
import {
  buildDistributionChart,
  buildScenarioCharts,
  buildTimelineCharts,
  buildTrendCharts,
  downsampleTimeline,
  MAX_CHART_POINTS,
  MAX_SCENARIO_CHART_POINTS,
  MAX_SCENARIO_CHARTS,
  readPercentileDistribution,
} from '../../../src/core/render/html-report-data.js';
import type { TimelinePoint } from '../../../src/core/stats/figures.js';
import {
  createHistogram,
  encodeHistogram,
  recordMs,
  summarizeHistogram,
} from '../../../src/core/stats/histogram.js';
import { makeResult } from '../../helpers/make-result.js';
import { makeScenarioResult, makeTimeline } from '../../helpers/make-run-results.js';
import { makeEntries, NOW_MS } from '../history/history-fixtures.js';

function point(t: number, overrides: Partial<TimelinePoint> = {}): TimelinePoint {
  return { ...(makeTimeline(1, () => 10)[0] as TimelinePoint), t, ...overrides };
}

describe('downsampleTimeline', () => {
  it('keeps a short timeline point for point, each drawn at the middle of its second', () => {
    const points = downsampleTimeline(makeTimeline(3, (t) => 10 + t));
    expect(points.map((p) => [p.x, p.requestsPerSec, p.errorsPerSec, p.p95])).toEqual([
      [0.5, 100, 1, 10],
      [1.5, 100, 1, 11],
      [2.5, 100, 1, 12],
    ]);
  });

  it("draws a soak's folded window at its middle, its rates per second of the time it covers", () => {
    const [window] = downsampleTimeline([
      point(600, { widthSec: 10, requests: 1000, failed: 30, errors: 20, dropped: 5 }),
    ]);
    expect(window).toMatchObject({
      x: 605,
      widthSec: 10,
      requestsPerSec: 100,
      errorsPerSec: 5,
      droppedPerSec: 0.5,
    });
  });

  it('a day at one point a second: at most 2,000 points, every request counted, no spike hidden', () => {
    const day = makeTimeline(86_400, (t) => (t === 50_000 ? 900 : 10));
    const points = downsampleTimeline(day);
    expect(points.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    const requests = points.reduce((sum, p) => sum + p.requestsPerSec * p.widthSec, 0);
    expect(requests).toBeCloseTo(86_400 * 100, 6);
    expect(Math.max(...points.map((p) => p.p95))).toBe(900);
    expect(points.map((p) => p.x)).toEqual([...points.map((p) => p.x)].sort((a, b) => a - b));
  });
});

describe('buildTimelineCharts', () => {
  it('puts both runs on one x grid, latency gaps where nothing completed', () => {
    const current = makeResult({
      timeline: [point(0), point(1, { requests: 0, p50: 0, p95: 0, p99: 0 }), point(2)],
    });
    const baseline = makeResult({ timeline: [point(0, { requests: 50 }), point(1)] });
    const charts = buildTimelineCharts(current, baseline);
    expect(charts.map((c) => c.id)).toEqual(['throughput', 'latency', 'errors']);
    const throughput = charts[0];
    expect(throughput?.x).toEqual([0.5, 1.5, 2.5]);
    expect(throughput?.series.map((s) => [s.label, s.values])).toEqual([
      ['current', [100, 0, 100]],
      ['baseline', [50, 100, null]],
    ]);
    const latency = charts[1];
    const p95 = latency?.series.find((s) => s.label === 'current p95');
    expect(p95?.values).toEqual([10, null, 10]);
    expect(latency?.series.every((s) => s.values.length === 3)).toBe(true);
  });

  it('keeps every point of a long run apart on the x axis (hours in, to the millisecond)', () => {
    // The last 10 minutes of a 3-hour soak: one point a second, three hours in.
    const late = makeTimeline(600, () => 10).map((p) => ({ ...p, t: p.t + 10_200 }));
    const [throughput] = buildTimelineCharts(makeResult({ timeline: late }));
    expect(throughput?.x).toHaveLength(600);
    expect(throughput?.x.slice(0, 2)).toEqual([10_200.5, 10_201.5]);
    expect(throughput?.series[0]?.values.every((v) => v === 100)).toBe(true);
  });

  it('without a baseline, draws the current run alone; without a timeline, no chart', () => {
    const charts = buildTimelineCharts(makeResult({ timeline: makeTimeline(5, () => 10) }));
    expect(charts.flatMap((c) => c.series.map((s) => s.label))).not.toContain('baseline');
    expect(buildTimelineCharts(makeResult({ timeline: [] }))).toEqual([]);
  });

  it('adds dropped arrivals only when some were dropped', () => {
    const dropped = makeResult({ timeline: [point(0, { dropped: 7 })] });
    const labels = (r: ReturnType<typeof makeResult>) =>
      buildTimelineCharts(r)
        .find((c) => c.id === 'errors')
        ?.series.map((s) => s.label);
    expect(labels(dropped)).toEqual(['current errors', 'current dropped']);
    expect(labels(makeResult({ timeline: [point(0)] }))).toEqual(['current errors']);
  });
});

describe('buildScenarioCharts', () => {
  const scenario = (name: string, p95At: (t: number) => number, seconds = 3) =>
    makeScenarioResult(name, { timeline: makeTimeline(seconds, p95At) });

  it("draws each scenario's p95 per second against the baseline's same-named scenario", () => {
    const current = makeResult({
      scenarios: [scenario('</h3><b>x', (t) => 10 + t), scenario('search', () => 5)],
    });
    const baseline = makeResult({
      scenarios: [scenario('</h3><b>x', () => 8, 2), scenario('gone', () => 1)],
    });
    const { charts, leftOut } = buildScenarioCharts(current, baseline);
    expect(leftOut).toBe(0);
    expect(charts.map((c) => [c.name, c.chart.id, c.chart.unit])).toEqual([
      ['</h3><b>x', 'scenario-1', 'ms'],
      ['search', 'scenario-2', 'ms'],
    ]);
    const first = charts[0]?.chart;
    expect(first?.x).toEqual([0.5, 1.5, 2.5]);
    expect(first?.series.map((s) => [s.label, s.dashed ?? false, s.values])).toEqual([
      ['current p95', false, [10, 11, 12]],
      ['baseline p95', true, [8, 8, null]],
    ]);
    // No baseline scenario of that name: the current run alone.
    expect(charts[1]?.chart.series.map((s) => s.label)).toEqual(['current p95']);
    // No scenario name reaches the chart data.
    expect(JSON.stringify(charts.map((c) => c.chart))).not.toContain('<b>');
  });

  it(`draws at most ${MAX_SCENARIO_CHARTS} scenarios, in the order given, and counts the rest`, () => {
    const names = Array.from({ length: MAX_SCENARIO_CHARTS + 3 }, (_, i) => `s${i}`);
    const current = makeResult({
      scenarios: [...names.map((n) => scenario(n, () => 10)), makeScenarioResult('idle')],
    });
    const order = ['s14', 'unknown', ...names];
    const { charts, leftOut } = buildScenarioCharts(current, undefined, { order });
    expect(charts).toHaveLength(MAX_SCENARIO_CHARTS);
    expect(charts.slice(0, 2).map((c) => c.name)).toEqual(['s14', 's0']);
    // 15 scenarios with points, 12 drawn; the one without a timeline is not counted.
    expect(leftOut).toBe(3);
    expect(charts.map((c) => c.chart.id)).toEqual(
      Array.from({ length: MAX_SCENARIO_CHARTS }, (_, i) => `scenario-${i + 1}`),
    );
  });

  it(`keeps a long run's scenario chart to ${MAX_SCENARIO_CHART_POINTS} points, its spike kept`, () => {
    const hour = (name: string) => scenario(name, (t) => (t === 1_234 ? 700 : 10), 3_600);
    const { charts } = buildScenarioCharts(makeResult({ scenarios: [hour('a'), hour('b')] }));
    for (const { chart } of charts) {
      expect(chart.x.length).toBeLessThanOrEqual(MAX_SCENARIO_CHART_POINTS);
      expect(Math.max(...(chart.series[0]?.values ?? []).map(Number))).toBe(700);
    }
  });

  it('draws nothing for a run of one scenario (the run charts show it already)', () => {
    const one = makeResult({ scenarios: [scenario('only', () => 10)] });
    expect(buildScenarioCharts(one)).toEqual({ charts: [], leftOut: 0 });
  });
});

describe('readPercentileDistribution', () => {
  it("reads the histogram's percentiles on a 1 / (1 − q) axis, down to its depth, then its maximum", () => {
    const histogram = createHistogram();
    for (let i = 1; i <= 1000; i++) recordMs(histogram, i);
    const encoded = encodeHistogram(histogram);
    const summary = summarizeHistogram(histogram);
    histogram.destroy();
    const dist = readPercentileDistribution(encoded);
    if (!dist) throw new Error('no distribution');
    expect(dist.x[0]).toBe(1);
    expect(dist.x.at(-2)).toBeLessThanOrEqual(1000);
    expect(dist.x.at(-1)).toBeGreaterThan(1000);
    expect(dist.ms.at(-1)).toBeCloseTo(summary.max, 0);
    expect(dist.ms[dist.x.indexOf(10)]).toBeCloseTo(summary.p90, 0);
    expect(dist.ms[dist.x.indexOf(100)]).toBeCloseTo(summary.p99, 0);
    for (let i = 1; i < dist.ms.length; i++) {
      expect(dist.ms[i]).toBeGreaterThanOrEqual(dist.ms[i - 1] as number);
    }
  });

  it('has none for an empty or undecodable histogram', () => {
    expect(readPercentileDistribution(encodeHistogram(undefined))).toBeUndefined();
    expect(readPercentileDistribution('')).toBeUndefined();
    expect(readPercentileDistribution('not a histogram')).toBeUndefined();
  });

  it('draws both runs, or none when neither histogram decodes', () => {
    const histogram = createHistogram();
    recordMs(histogram, 5);
    const encoded = encodeHistogram(histogram);
    histogram.destroy();
    const chart = buildDistributionChart(
      makeResult({ histogram: encoded }),
      makeResult({ histogram: encoded }),
    );
    expect(chart?.series.map((s) => s.label)).toEqual(['current', 'baseline']);
    expect(chart?.axis).toBe('percentile');
    expect(buildDistributionChart(makeResult())).toBeUndefined();
  });
});

describe('buildTrendCharts', () => {
  it('charts a series oldest first by its runs’ start, in epoch seconds', () => {
    const times = [NOW_MS - 7_200_000, NOW_MS - 3_600_000, NOW_MS];
    const entries = makeEntries(times);
    const charts = buildTrendCharts(entries);
    expect(charts.map((c) => c.id)).toEqual(['trend-latency', 'trend-throughput', 'trend-errors']);
    expect(charts[0]?.x).toEqual(times.map((ms) => ms / 1000));
    expect(charts[0]?.series.find((s) => s.label === 'p95')?.values).toEqual(
      entries.map((e) => Number(e.overall.latencyMs.p95.toPrecision(4))),
    );
  });

  it('needs two runs', () => {
    expect(buildTrendCharts(makeEntries([NOW_MS]))).toEqual([]);
  });
});
