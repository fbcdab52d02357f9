import { metricInfo } from '../rules/metrics.js';
import type { MetricName } from '../rules/types.js';
import type { TimelinePoint } from '../stats/figures.js';
import { mergeEncodedHistograms } from '../stats/histogram.js';
import { findWidestSec, readWidthSec, rewindowTimeline } from '../stats/timeline.js';

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

/** Consecutive points grouped until each group holds `min` requests; a short tail is dropped. */
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

/** The percentiles a timeline point states itself, read from its own histogram when written. */
const STATED_PERCENTILES: ReadonlyMap<number, (p: TimelinePoint) => number> = new Map([
  [50, (p: TimelinePoint) => p.p50],
  [90, (p: TimelinePoint) => p.p90],
  [95, (p: TimelinePoint) => p.p95],
  [99, (p: TimelinePoint) => p.p99],
  [100, (p: TimelinePoint) => p.max],
]);

function readLatencyWindow(group: readonly TimelinePoint[], metric: MetricName): number {
  const q = metricInfo(metric).percentile;
  // A window of one point (a soak's folded minute, a busy second) states the common
  // percentiles, read from the same histogram at write time: no need to decode it again.
  const stated = q === undefined ? undefined : STATED_PERCENTILES.get(q);
  if (group.length === 1 && stated) return stated(group[0] as TimelinePoint);
  const merged = mergeEncodedHistograms(
    group.filter((p) => p.histogram !== '').map((p) => p.histogram),
  );
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
 * Both runs' timelines on one grid, for the noise test: regrouped (`rewindowTimeline`) into
 * windows as wide as the widest point of either, so every sample covers the same time. A soak
 * whose middle was folded into 60 s windows has its per-second first and last 10 minutes
 * merged into 60 s windows too, and so does a baseline written one point a second; ranking a
 * 3-second window's p95 against a minute's would mix samples of different spread. Timelines of
 * single seconds (every run up to 30 minutes) come back unchanged.
 */
export function alignTimelines(
  current: readonly TimelinePoint[],
  baseline: readonly TimelinePoint[],
): { current: readonly TimelinePoint[]; baseline: readonly TimelinePoint[] } {
  const widthSec = findWidestSec(current, baseline);
  if (widthSec === 1) return { current, baseline };
  return {
    current: rewindowTimeline(current, widthSec),
    baseline: rewindowTimeline(baseline, widthSec),
  };
}

/**
 * A metric's value over one window of consecutive points (their histograms merged exactly for
 * latency, counts summed for rates): what `readWindowSeries` reads per window, for callers
 * that form windows of their own (the paired windows of a side-by-side run).
 * @returns undefined for metrics with no per-window form, and for per-second ones (`rps`,
 * `droppedRps`), which are read point by point.
 */
export function readGroupValue(
  group: readonly TimelinePoint[],
  metric: MetricName,
): number | undefined {
  const rate = RATE_READERS[metric];
  if (rate) return rate(group);
  if (metric !== 'mean' && metricInfo(metric).percentile === undefined) return undefined;
  return readLatencyWindow(group, metric);
}

/** Requests a window needs for `metric` (see `minWindowRequests`; rates pool 100). */
export function windowRequestsFor(metric: MetricName): number {
  return RATE_READERS[metric] ? RATE_WINDOW_REQUESTS : minWindowRequests(metric);
}

/**
 * The per-window values of a metric: the samples the noise test ranks. Windows are runs of
 * whole seconds merged exactly (histograms add bucket by bucket) until they hold enough
 * requests for the statistic, so every sample is of the same kind as the figure compared; any
 * latency percentile works (`p97.5`), read from the merged window. Throughput and dropped
 * arrivals are per second of each point (the last, usually partial, point left out).
 *
 * A timeline with wider points (a soak's folded middle, `widthSec`) is first regrouped into
 * windows of its widest point (see `alignTimelines`, which does this for two runs at once so
 * both share one width); the windows are then those points, or runs of them.
 * @returns undefined for metrics with no per-window form (counts, send lag).
 */
export function readWindowSeries(
  timeline: readonly TimelinePoint[],
  metric: MetricName,
): number[] | undefined {
  const widthSec = findWidestSec(timeline);
  const points = widthSec === 1 ? timeline : rewindowTimeline(timeline, widthSec);
  if (metric === 'rps') return points.slice(0, -1).map((p) => p.requests / readWidthSec(p));
  if (metric === 'droppedRps') return points.slice(0, -1).map((p) => p.dropped / readWidthSec(p));
  const rate = RATE_READERS[metric];
  if (rate) return groupSeconds(points, RATE_WINDOW_REQUESTS).map(rate);
  if (metric !== 'mean' && metricInfo(metric).percentile === undefined) return undefined;
  return groupSeconds(points, minWindowRequests(metric)).map((group) =>
    readLatencyWindow(group, metric),
  );
}
