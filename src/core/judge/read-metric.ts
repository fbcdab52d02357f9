/**
 * Reading a metric's value from measured figures: the registry (rules/metrics.ts) says what a
 * metric is; this file says where a results file, a scenario or a live snapshot keeps it, and
 * reads percentiles without a name from the latency histogram.
 */
import { METRICS, metricInfo, NAMED_PERCENTILES } from '../rules/metrics.js';
import type { FixedMetricName, MetricName } from '../rules/types.js';
import type { Figures } from '../stats/figures.js';
import { decodeHistogram, roundMs } from '../stats/histogram.js';

/** Values that are not in a scope's `Figures`: the judge (or the live check) passes them in. */
export interface RunExtras {
  /** 99th percentile of the generator's send lag, in ms (`sendLagMs.p99` of the results file;
   * the whole run only: the send lag is not split by scenario). */
  sendLagP99?: number;
  /** The largest start skew of the shards a result was merged from, in ms (`merged.
   * maxStartSkewMs`; whole run only). */
  startSkewMs?: number;
  /** Length of the measured window in ms (the results file's `durationMs`; live: measured so
   * far), for per-second rates of counts (`droppedRps`). The same for every scope. */
  durationMs?: number;
  /** Latency percentiles (0..100 → ms) that `latencyMs` does not carry, read from the scope's
   * histogram by `readLatencyPercentiles`. */
  percentilesMs?: ReadonlyMap<number, number>;
}

type FigureReader = (figures: Figures, extras: RunExtras) => number;

/** Where each metric with a name of its own is kept in `Figures` (or `extras`). */
const FIGURE_READERS: Readonly<Record<FixedMetricName, FigureReader>> = {
  p50: (f) => f.latencyMs.p50,
  p90: (f) => f.latencyMs.p90,
  p95: (f) => f.latencyMs.p95,
  p99: (f) => f.latencyMs.p99,
  p999: (f) => f.latencyMs.p999,
  max: (f) => f.latencyMs.max,
  mean: (f) => f.latencyMs.mean,
  min: (f) => f.latencyMs.min,
  errorRate: (f) => f.errorRate,
  blockRate: (f) => f.blockRate,
  dropRate: (f) => f.dropRate,
  rps: (f) => f.throughput.rps,
  requests: (f) => f.totals.requests,
  dropped: (f) => f.totals.dropped,
  droppedRps: (f, x) =>
    x.durationMs !== undefined && x.durationMs > 0
      ? f.totals.dropped / (x.durationMs / 1000)
      : Number.NaN,
  // The results file keeps send lag for the whole run only (`sendLagMs`), hence `extras`.
  sendLagP99: (_, x) => x.sendLagP99 ?? Number.NaN,
  startSkew: (_, x) => x.startSkewMs ?? Number.NaN,
};

/**
 * Reads `metric` from a results-file `Figures` (the whole run or one scenario), in the metric's
 * base unit. Values the figures do not hold come from `extras` and are `NaN` without them,
 * which comparisons treat as "not measured": `sendLagP99` and `startSkew` (whole run only:
 * `parseRules` never makes scenario rules for them; `startSkew` only for a merged result),
 * `droppedRps` (needs `durationMs`) and percentiles without a name (need `percentilesMs`).
 */
export function readMetric(figures: Figures, metric: MetricName, extras: RunExtras = {}): number {
  const read = FIGURE_READERS[metric as FixedMetricName];
  if (read !== undefined) return read(figures, extras);
  const q = metricInfo(metric).percentile;
  return q === undefined ? Number.NaN : (extras.percentilesMs?.get(q) ?? Number.NaN);
}

/**
 * Decodes one encoded latency histogram (µs, the results file's `histograms.latency`) and reads
 * each percentile (0..100) in ms, rounded to the µs as `latencyMs` is, so `p95` read here
 * equals the stored `latencyMs.p95`. An empty histogram reads 0, as `latencyMs` does; an empty
 * string (live figures carry no encodings) gives an empty map.
 */
export function readLatencyPercentiles(
  encoded: string,
  percentiles: Iterable<number>,
): Map<number, number> {
  const values = new Map<number, number>();
  if (encoded === '') return values;
  const histogram = decodeHistogram(encoded);
  try {
    for (const q of percentiles) {
      const us = histogram.totalCount === 0 ? 0 : histogram.getValueAtPercentile(q);
      values.set(q, roundMs(us / 1000));
    }
  } finally {
    histogram.destroy();
  }
  return values;
}

/**
 * The named percentiles of `figures` nearest to `q` on each side: `p(q)` lies between them,
 * since percentiles never fall as `q` rises. This is what live checks know of a percentile
 * without a name (live figures carry no histogram): `q` = 97.5 → p95 and p99.
 */
export function bracketPercentile(
  figures: Figures,
  q: number,
): { low: number; lowName: FixedMetricName; high: number; highName: FixedMetricName } {
  let lowName: FixedMetricName = 'min';
  let highName: FixedMetricName = 'max';
  for (const [named, name] of NAMED_PERCENTILES) {
    if (named <= q && named > (METRICS[lowName].percentile ?? 0)) lowName = name;
    if (named >= q && named < (METRICS[highName].percentile ?? 100)) highName = name;
  }
  const read = (name: FixedMetricName) => FIGURE_READERS[name](figures, {});
  return { low: read(lowName), lowName, high: read(highName), highName };
}
