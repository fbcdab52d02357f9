/**
 * The history file, version 1: what scheduled runs remember between runs (one file per profile,
 * carried as the artifact `<artifact-name>-history`, or kept by the CLI at `--history FILE`).
 * These names are a contract other tools read: add fields freely, never rename or change the
 * meaning of one without bumping `schemaVersion`.
 *
 * Units as in the results file: `…Ms` milliseconds, rates fractions in 0..1, `rps` requests per
 * second over the measured window.
 */
import type { Layer } from '../input/series-labels.js';
import type { Level } from '../rules/types.js';

export { LAYERS, type Layer, NAMED_INTERVALS } from '../input/series-labels.js';

/** What an interval must look like: `hourly`, `daily`, `weekly`, or any short lowercase slug. */
export const INTERVAL_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** What makes runs comparable: the same profile, layer and interval. */
export interface SeriesKey {
  /** The profile's name (results file `profile.name`). */
  profile: string;
  layer: Layer;
  /** `hourly`, `daily`, `weekly`, or a free slug (`[a-z0-9][a-z0-9-]{0,39}`). */
  interval: string;
}

/** One scope's figures (the whole run, or one scenario), compact. */
export interface EntrySummary {
  requests: number;
  ok: number;
  failed: number;
  errors: number;
  blocked: number;
  dropped: number;
  rps: number;
  errorRate: number;
  blockRate: number;
  dropRate: number;
  /** For a merged entry: the whole run's come from the merged histogram (exact); a scenario's are
   * the request-weighted mean of the merged entries' values (no per-scenario histogram is kept). */
  latencyMs: {
    p50: number;
    p90: number;
    p95: number;
    p99: number;
    p999: number;
    max: number;
    mean: number;
    /** The smallest latency; a merged entry: the smallest of its runs' (exact). Optional so that
     * hand-made entries may leave it out. */
    min?: number;
    /** Standard deviation; a merged entry: the pooled one of its runs (exact for a scenario
     * given each run's mean and deviation; from the histogram for the whole run). */
    stdev?: number;
  };
}

/**
 * One run (or, past 7 days, one day's or one week's runs of a series merged exactly: counts
 * add, histograms add bucket by bucket).
 */
export interface HistoryEntry extends SeriesKey {
  /** Unique per run: `<runId>.<runAttempt>` in Actions, else `<startedAt ISO>`. A merged entry
   * keeps its first run's id. Unions of two histories match entries by it. */
  id: string;
  /** ISO 8601: when the run's measured window started (the actual start, never the cron time);
   * for a merged entry, its first run's. */
  at: string;
  /** ISO 8601, merged entries only: its last run's start. */
  until?: string;
  /** Runs this entry stands for: 1, or how many were merged into it. */
  runs: number;
  commit?: string;
  /** For a merged entry: the commit of its first run (`commit` is its last run's). */
  firstCommit?: string;
  /** A merged entry: its last run's, as `commit` (so are `runId`, `runAttempt`, `runUrl` and
   * `event`, the run a trend row links to). */
  ref?: string;
  runId?: number;
  runAttempt?: number;
  runUrl?: string;
  /** The event that started the run (`schedule`, `push`, `workflow_dispatch`, `release`, …). */
  event?: string;
  /** The results file's status; a merged entry: the worst of its runs. */
  status: 'completed' | 'interrupted' | 'aborted';
  /** The gate's verdict; a merged entry: the worst of its runs. */
  verdict: Level;
  /** Set when the run breached a rule: `confirmed` when the breach held on re-measuring (or the
   * previous run breached too), `unconfirmed` when it did not. Breaching runs never enter a
   * rolling baseline. A merged entry: `confirmed` if any of its runs was. */
  breach?: 'confirmed' | 'unconfirmed';
  /** Length of the measured window; a merged entry: the sum. */
  durationMs: number;
  load: { executor: string; peakRatePerSec?: number; peakVus?: number };
  overall: EntrySummary;
  /** Per scenario by name, at most `MAX_ENTRY_SCENARIOS` (the busiest); the rest only count in
   * `overall`. */
  scenarios: Record<string, EntrySummary>;
  /** The whole run's latency histogram (µs, HdrHistogram compressed base64, as in results files). */
  histogram: string;
}

export interface HistoryFileV1 {
  schemaVersion: 1;
  kind: 'loadgate-history';
  tool: { name: 'loadgate'; version: string };
  /** Oldest first. */
  entries: HistoryEntry[];
}
