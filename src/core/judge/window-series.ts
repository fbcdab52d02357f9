import { metricInfo } from '../rules/metrics.js';
import type { MetricName } from '../rules/types.js';
import type { TimelinePoint } from '../stats/figures.js';
import { mergeEncodedHistograms } from '../stats/histogram.js';

/** Fewer windows than this in either run, and the noise test is not attempted. */
export const MIN_WINDOWS = 5;

/** Rates are pooled over at least this many requests per window. */
const RATE_WINDOW_REQUESTS = 100;

/**
 * Requests a window must hold for its statistic to mean what it says: at least five beyond the
 * percentile q (a "p99" of 15 requests is just their maximum, and tails that thin make two runs
 * of the same build look different): ⌈500 / (100 − q)⌉, capped at 1000 from q = 99.9 on.
 * p0 (min) → 5, p50 → 10, p95 → 100, p97.5 → 200, p99 → 500; p99.9, p99.99 and max → 1000.
 */
export function minWindowRequests(metric: MetricName): number {
  const q = metricInfo(metric).percentile;
  if (q !== undefined) return q >= 99.9 ? 1000 : Math.ceil(500 / (100 - q));
  if (metric === 'mean') return 20;
  return RATE_WINDOW_REQUESTS;
}

/** Consecutive seconds grouped until each group holds `min` requests; a short tail is dropped. */
function groupSeconds(timeline: readonly TimelinePoint[], min: number): TimelinePoint[][] {
  const groups: TimelinePoint[][] = [];
  let group: TimelinePoint[] = [];
  let count = 0;
  for (const point of timeline) {
    group.push(point);
    count += point.requests;
    if (count >= min) {
      groups.push(group);
      group = [];
      count = 0;
    }
  }
  return groups;
}

function readLatencyWindow(group: readonly TimelinePoint[], metric: MetricName): number {
  const merged = mergeEncodedHistograms(
    group.filter((p) => p.histogram !== '').map((p) => p.histogram),
  );
  const q = metricInfo(metric).percentile;
  const us = q === undefined ? merged.mean : merged.getValueAtPercentile(q);
  merged.destroy();
  return us / 1000;
}

function sum(group: readonly TimelinePoint[], read: (p: TimelinePoint) => number): number {
  return group.reduce((total, p) => total + read(p), 0);
}

const RATE_READERS: Partial<Record<MetricName, (g: readonly TimelinePoint[]) => number>> = {
  errorRate: (g) => sum(g, (p) => p.failed + p.errors) / sum(g, (p) => p.requests),
  blockRate: (g) => sum(g, (p) => p.blocked) / sum(g, (p) => p.requests),
  dropRate: (g) => sum(g, (p) => p.dropped) / sum(g, (p) => p.requests + p.dropped),
};

/**
 * The per-window values of a metric: the samples the noise test ranks. Windows are runs of
 * whole seconds merged exactly (histograms add bucket by bucket) until they hold enough
 * requests for the statistic, so every sample is of the same kind as the figure compared; any
 * latency percentile works (`p97.5`), read from the merged window. Throughput and dropped
 * arrivals per second are per second (the last, usually partial, second left out).
 * @returns undefined for metrics with no per-window form (counts, send lag).
 */
export function readWindowSeries(
  timeline: readonly TimelinePoint[],
  metric: MetricName,
): number[] | undefined {
  if (metric === 'rps') return timeline.slice(0, -1).map((p) => p.requests);
  if (metric === 'droppedRps') return timeline.slice(0, -1).map((p) => p.dropped);
  const rate = RATE_READERS[metric];
  if (rate) return groupSeconds(timeline, RATE_WINDOW_REQUESTS).map(rate);
  if (metric !== 'mean' && metricInfo(metric).percentile === undefined) return undefined;
  return groupSeconds(timeline, minWindowRequests(metric)).map((group) =>
    readLatencyWindow(group, metric),
  );
}
