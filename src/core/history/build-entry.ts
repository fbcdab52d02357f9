/**
 * One run's history entry, cut from its results file: the figures a trend and a rolling baseline
 * need, and the whole run's latency histogram so that merges stay exact. Nothing else (timeline,
 * per-scenario histograms, status codes) is kept: a year of entries must stay small.
 */
import type { ResultsFileV1 } from '../result/types.js';
import type { Level } from '../rules/types.js';
import type { Figures } from '../stats/figures.js';
import type { EntrySummary, HistoryEntry, Layer } from './types.js';

/** Scenarios kept per entry (the busiest by requests); the rest count only in `overall`. */
export const MAX_ENTRY_SCENARIOS = 50;

/** What the results file does not say about a run: how it was judged and where it ran. */
export interface EntryFacts {
  layer: Layer;
  /** `hourly`, `daily`, `weekly` or a free slug (see `INTERVAL_RE`); not checked here. */
  interval: string;
  verdict: Level;
  breach?: 'confirmed' | 'unconfirmed';
  /** Defaults to the results file's `environment.gitSha`. */
  commit?: string;
  /** Defaults to the results file's `environment.gitRef`. */
  ref?: string;
  runId?: number;
  /** Defaults to 1 in the id when `runId` is given. */
  runAttempt?: number;
  runUrl?: string;
  event?: string;
}

/**
 * A scope's figures (whole run or scenario) as an entry keeps them: counts, rates, rps and the
 * latency summary in ms. `min` and `stdev` are kept too, so a rolling baseline can still judge
 * them.
 */
export function summarizeFigures(figures: Figures): EntrySummary {
  const t = figures.totals;
  const l = figures.latencyMs;
  return {
    requests: t.requests,
    ok: t.ok,
    failed: t.failed,
    errors: t.errors,
    blocked: t.blocked,
    dropped: t.dropped,
    rps: figures.throughput.rps,
    errorRate: figures.errorRate,
    blockRate: figures.blockRate,
    dropRate: figures.dropRate,
    latencyMs: {
      p50: l.p50,
      p90: l.p90,
      p95: l.p95,
      p99: l.p99,
      p999: l.p999,
      max: l.max,
      mean: l.mean,
      min: l.min,
      stdev: l.stdev,
    },
  };
}

/**
 * The names of the `MAX_ENTRY_SCENARIOS` busiest scopes (most requests; ties keep their order),
 * in their original order: a stable, readable entry whichever were cut.
 */
export function pickBusiest<T extends { requests: number }>(
  byName: ReadonlyArray<readonly [string, T]>,
  limit = MAX_ENTRY_SCENARIOS,
): Array<readonly [string, T]> {
  if (byName.length <= limit) return [...byName];
  const kept = new Set(
    byName
      .map((pair, index) => ({ index, requests: pair[1].requests }))
      .sort((a, b) => b.requests - a.requests || a.index - b.index)
      .slice(0, limit)
      .map((x) => x.index),
  );
  return byName.filter((_, index) => kept.has(index));
}

/**
 * Builds the history entry of one run.
 * - `id` is `<runId>.<runAttempt ?? 1>` when `facts.runId` is given (a re-run attempt is its own
 *   run), else the results file's `startedAt` (the CLI: one file, one run at a time).
 * - `at` is the results file's `startedAt` (the actual start of the measured window).
 * - At most `MAX_ENTRY_SCENARIOS` scenarios, the busiest; `overall` still counts every one.
 *   Two scenarios of one name (a results file the reader would reject) keep the first.
 * - `commit` and `ref` default to the results file's `environment.gitSha` / `gitRef`.
 * The whole run's histogram is the results file's `histograms.latency` as written (µs).
 */
export function buildHistoryEntry(result: ResultsFileV1, facts: EntryFacts): HistoryEntry {
  const seen = new Set<string>();
  const scenarios = result.scenarios
    .filter((s) => !seen.has(s.name) && seen.add(s.name))
    .map((s) => [s.name, summarizeFigures(s)] as const);
  const commit = facts.commit ?? result.environment.gitSha;
  const ref = facts.ref ?? result.environment.gitRef;
  const { executor, peakRatePerSec, peakVus } = result.load;
  return {
    id: facts.runId === undefined ? result.startedAt : `${facts.runId}.${facts.runAttempt ?? 1}`,
    profile: result.profile.name,
    layer: facts.layer,
    interval: facts.interval,
    at: result.startedAt,
    runs: 1,
    ...(commit !== undefined ? { commit } : {}),
    ...(ref !== undefined ? { ref } : {}),
    ...(facts.runId !== undefined ? { runId: facts.runId } : {}),
    ...(facts.runAttempt !== undefined ? { runAttempt: facts.runAttempt } : {}),
    ...(facts.runUrl !== undefined ? { runUrl: facts.runUrl } : {}),
    ...(facts.event !== undefined ? { event: facts.event } : {}),
    status: result.status,
    verdict: facts.verdict,
    ...(facts.breach !== undefined ? { breach: facts.breach } : {}),
    durationMs: result.durationMs,
    load: {
      executor,
      ...(peakRatePerSec !== undefined ? { peakRatePerSec } : {}),
      ...(peakVus !== undefined ? { peakVus } : {}),
    },
    overall: summarizeFigures(result),
    scenarios: Object.fromEntries(pickBusiest(scenarios)),
    histogram: result.histograms.latency,
  };
}
