import type { LatencySummaryMs } from './figures.js';
import type { Histogram } from './histogram.js';

const US_PER_MS = 1000;

/** Rounds to microsecond resolution: histograms hold whole microseconds, more digits are noise. */
export function roundMs(valueMs: number): number {
  return Math.round(valueMs * 1000) / 1000;
}

/**
 * Latency summary in milliseconds from a microsecond histogram. An empty histogram, or none
 * (`undefined`: never built because nothing was recorded), gives all zeros (after `reset()` the
 * library reports a huge `minNonZeroValue`, which must not leak out).
 * Percentiles are HdrHistogram's: the highest value equivalent to the bucket at that rank,
 * accurate to 3 significant digits. `max` is taken the same way (percentile 100), not from the
 * exact maximum a live histogram tracks: a decoded or merged histogram only knows buckets, and
 * a summary must read the same from the run as from its stored histogram.
 */
export function summarizeHistogram(histogram: Histogram | undefined): LatencySummaryMs {
  if (histogram === undefined || histogram.totalCount === 0) {
    return { min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, stdev: 0 };
  }
  const at = (percentile: number) =>
    roundMs(histogram.getValueAtPercentile(percentile) / US_PER_MS);
  return {
    min: roundMs(minValueUs(histogram) / US_PER_MS),
    mean: roundMs(histogram.mean / US_PER_MS),
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: at(100),
    stdev: roundMs(histogram.stdDeviation / US_PER_MS),
  };
}

/** The smallest recorded value, zero included (minNonZeroValue skips recorded zeros). */
function minValueUs(histogram: Histogram): number {
  return histogram.getValueAtPercentile(0) === 0 ? 0 : histogram.minNonZeroValue;
}
