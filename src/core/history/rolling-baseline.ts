/**
 * What a scheduled run is judged against: the last K good runs of its series, merged exactly
 * into a results file the judge reads like any baseline, and the series' recent entries for a
 * trend.
 */
import type { ResultsFileV1, ScenarioResult } from '../result/types.js';
import type { Figures, LatencySummaryMs } from '../stats/figures.js';
import {
  createHistogram,
  encodeHistogram,
  mergeEncodedHistograms,
  summarizeHistogram,
} from '../stats/histogram.js';
import { isSameSeries, mergeOverallSummary, mergeScenarioSummaries } from './compact-history.js';
import type { EntrySummary, HistoryEntry, HistoryFileV1, SeriesKey } from './types.js';

/** Runs a rolling baseline merges by default. */
export const DEFAULT_BASELINE_RUNS = 5;

/**
 * The newest `count` entries of the series `key` fit to be a baseline: status `completed`,
 * verdict not `fail`, no `breach` (confirmed or not), and not `excludeId` (the run being judged,
 * when it is already in the history). Merged entries count as one entry each.
 * @returns oldest first; fewer than `count` (or none) when the series has fewer.
 */
export function selectBaselineEntries(
  history: HistoryFileV1,
  key: SeriesKey,
  count: number,
  excludeId?: string,
): HistoryEntry[] {
  if (count <= 0) return [];
  const fit = history.entries.filter(
    (e) =>
      isSameSeries(e, key) &&
      e.status === 'completed' &&
      e.verdict !== 'fail' &&
      e.breach === undefined &&
      e.id !== excludeId,
  );
  return sortByTime(fit).slice(-count);
}

/**
 * The series' last `last` entries whatever their status or verdict (a trend shows the bad runs
 * too), oldest first so the newest is last.
 */
export function seriesEntries(
  history: HistoryFileV1,
  key: SeriesKey,
  last: number,
): HistoryEntry[] {
  if (last <= 0) return [];
  return sortByTime(history.entries.filter((e) => isSameSeries(e, key))).slice(-last);
}

function sortByTime(entries: HistoryEntry[]): HistoryEntry[] {
  return entries
    .map((entry, index) => ({ entry, index, atMs: Date.parse(entry.at) }))
    .sort((a, b) => a.atMs - b.atMs || a.index - b.index)
    .map((x) => x.entry);
}

const PERCENTILE_POINTS = [
  [50, 'p50'],
  [90, 'p90'],
  [95, 'p95'],
  [99, 'p99'],
  [99.9, 'p999'],
  [100, 'max'],
] as const;

/**
 * A stand-in histogram for a scope whose own histogram the history does not keep (a
 * scenario): its `answered` values sit at the stored percentiles, so p50 … max read back as
 * stored (to HdrHistogram's 3 digits), and a percentile without a name reads as the next named
 * one above it (p97.5 as p99): never lower than the truth the percentiles allow.
 */
function reconstructHistogram(latency: EntrySummary['latencyMs'], answered: number): string {
  if (answered === 0) return encodeHistogram(undefined);
  const histogram = createHistogram();
  try {
    let recorded = 0;
    for (const [q, key] of PERCENTILE_POINTS) {
      // HdrHistogram's rank for percentile q (getValueAtPercentile), so each named one reads back.
      const rank = q === 100 ? answered : Math.max(1, Math.ceil((q / 100) * answered - 1e-9));
      const n = Math.min(rank, answered) - recorded;
      if (n > 0) histogram.recordValueWithCount(Math.max(0, Math.round(latency[key] * 1000)), n);
      recorded += Math.max(n, 0);
    }
    return encodeHistogram(histogram);
  } finally {
    histogram.destroy();
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** A results-file `Figures` block from an entry summary and the scope's latency histogram. */
function toFigures(summary: EntrySummary, latency: LatencySummaryMs, histogram: string): Figures {
  const okRps =
    summary.requests > 0 ? (summary.rps * (summary.ok + summary.blocked)) / summary.requests : 0;
  return {
    totals: {
      requests: summary.requests,
      ok: summary.ok,
      blocked: summary.blocked,
      failed: summary.failed,
      errors: summary.errors,
      dropped: summary.dropped,
      queued: 0,
      interrupted: 0,
    },
    throughput: { rps: summary.rps, okRps: round3(okRps) },
    latencyMs: latency,
    // Service time is not kept in the history; latency (from the intended send time) is never
    // below it, so it stands in as an upper bound rather than as a made-up zero.
    serviceTimeMs: { ...latency },
    errorRate: summary.errorRate,
    blockRate: summary.blockRate,
    dropRate: summary.dropRate,
    histogram,
    histograms: { latency: histogram, serviceTime: histogram, sendLag: encodeHistogram(undefined) },
    statusCodes: {},
    errorKinds: {},
    failureKinds: { http_5xx: 0, http_4xx: 0, unexpected_status: 0, body_mismatch: 0 },
  };
}

function scenarioLatency(l: EntrySummary['latencyMs']): LatencySummaryMs {
  return {
    min: l.min ?? 0,
    mean: l.mean,
    p50: l.p50,
    p90: l.p90,
    p95: l.p95,
    p99: l.p99,
    p999: l.p999,
    max: l.max,
    stdev: l.stdev ?? 0,
  };
}

/**
 * Merges baseline entries (see `selectBaselineEntries`) into one synthetic results file that
 * passes `checkResultsContent`, for the judge to read like any baseline:
 * - the whole run exactly: counts add, rps = Σ requests / Σ duration, rates from the summed
 *   counts, latency (every percentile, min, mean, stdev) from the merged histogram;
 * - each scenario present in any entry: counts add, rps over the entries that have it, latency
 *   the mean of theirs weighted by answered requests (max, min and mean exact); its histogram is
 *   a stand-in rebuilt from those percentiles (see `reconstructHistogram`);
 * - not kept in the history, so not in the file: service time (latency stands in for it, an
 *   upper bound), send lag, status codes, error kinds and failure kinds (empty or zero), the
 *   timeline (`[]`: the judge's window noise test does not apply), the target (`''`), and
 *   the scenarios' method and path (`''`).
 * `startedAt`, the load and `environment.gitSha` / `gitRef` come from the newest entry;
 * connection limits and warm-up, which entries do not keep, are 0 (`onMaxInFlight` `queue`).
 * @param entries at least one, of one series, any order.
 * @param toolVersion written as `tool.version` (default `unknown`).
 * @throws RangeError for an empty list.
 */
export function buildRollingBaseline(
  entries: readonly HistoryEntry[],
  toolVersion = 'unknown',
): ResultsFileV1 {
  if (entries.length === 0) throw new RangeError('buildRollingBaseline needs at least one entry');
  const sorted = sortByTime([...entries]);
  const newest = sorted[sorted.length - 1] as HistoryEntry;
  const histogram = mergeEncodedHistograms(sorted.map((e) => e.histogram));
  let encoded: string;
  let latency: LatencySummaryMs;
  try {
    encoded = encodeHistogram(histogram);
    latency = summarizeHistogram(histogram);
  } finally {
    histogram.destroy();
  }
  const overall = mergeOverallSummary(sorted, latency);
  const scenarios: ScenarioResult[] = Object.entries(mergeScenarioSummaries(sorted)).map(
    ([name, summary]) => ({
      name,
      method: '',
      path: '',
      weight: 0,
      ...toFigures(
        summary,
        scenarioLatency(summary.latencyMs),
        reconstructHistogram(summary.latencyMs, summary.ok + summary.blocked + summary.failed),
      ),
      timeline: [],
    }),
  );
  const { executor, peakRatePerSec, peakVus } = newest.load;
  return {
    schemaVersion: 1,
    tool: { name: 'loadgate', version: toolVersion },
    profile: { name: newest.profile },
    target: '',
    startedAt: newest.at,
    durationMs: sorted.reduce((n, e) => n + e.durationMs, 0),
    status: 'completed',
    load: {
      executor,
      ...(peakRatePerSec !== undefined ? { peakRatePerSec } : {}),
      ...(peakVus !== undefined ? { peakVus } : {}),
      connections: 0,
      maxInFlight: 0,
      onMaxInFlight: 'queue',
      warmupMs: 0,
    },
    ...toFigures(overall, latency, encoded),
    scenarios,
    timeline: [],
    sendLagMs: { p50: 0, p99: 0, max: 0 },
    warmup: { durationMs: 0, requests: 0, errors: 0 },
    environment: {
      node: '',
      platform: '',
      arch: '',
      cpus: 0,
      ...(newest.commit !== undefined ? { gitSha: newest.commit } : {}),
      ...(newest.ref !== undefined ? { gitRef: newest.ref } : {}),
      ci: newest.runId !== undefined,
    },
  };
}
