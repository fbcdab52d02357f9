/**
 * An empty latency histogram as results files have always stored it: copied from a results file
 * written before histograms were built lazily. Readers and stored baselines depend on it, so a
 * histogram that was never built must still be written exactly like this.
 */
export const EMPTY_HISTOGRAM_ENCODING = 'HISTFAAAABp4nJNpmSzMwMDACMXMDBDACKWZ4HwAMzIBUA==';

/** `summarizeHistogram` of an empty histogram. */
export const ZERO_LATENCY_SUMMARY = {
  min: 0,
  mean: 0,
  p50: 0,
  p90: 0,
  p95: 0,
  p99: 0,
  p999: 0,
  max: 0,
  stdev: 0,
} as const;
