import { describe, expect, it } from 'vitest';
import {
  downsampleP95,
  MAX_CHART_POINTS,
  renderLatencyChart,
} from '../../../src/core/render/latency-chart.js';
import { makeTimeline } from '../../helpers/make-run-results.js';

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
});
