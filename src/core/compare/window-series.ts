import type { TimelinePoint } from '../result/types.js';
import type { MetricName } from './types.js';

/** Seconds with fewer completions say little about a percentile; they are left out. */
export const MIN_WINDOW_REQUESTS = 5;
/** Fewer usable seconds than this in either run, and the noise test is not attempted. */
export const MIN_WINDOWS = 5;

type Reader = (p: TimelinePoint) => number;

const READERS: Partial<Record<MetricName, Reader>> = {
  p50: (p) => p.p50,
  p90: (p) => p.p90,
  p95: (p) => p.p95,
  p99: (p) => p.p99,
  // A second rarely holds a thousand requests; its max is the closest per-window stand-in.
  p999: (p) => p.max,
  max: (p) => p.max,
  mean: (p) => p.mean,
  errorRate: (p) => (p.failed + p.errors) / p.requests,
  blockRate: (p) => p.blocked / p.requests,
  dropRate: (p) => p.dropped / (p.requests + p.dropped),
  rps: (p) => p.requests,
};

/**
 * The per-second values of a metric, the samples the noise test ranks. Latency is read from the
 * seconds' own percentiles, so every sample is of the same kind as the figure compared.
 * @returns undefined for metrics with no per-second form (counts, send lag).
 */
export function readWindowSeries(
  timeline: readonly TimelinePoint[],
  metric: MetricName,
): number[] | undefined {
  const read = READERS[metric];
  if (!read) return undefined;
  // The last second is usually partial: its rate would read low.
  const whole = metric === 'rps' ? timeline.slice(0, -1) : timeline;
  return whole.filter((p) => p.requests >= MIN_WINDOW_REQUESTS).map(read);
}
