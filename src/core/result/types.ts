/**
 * The results file, version 1. These names are a contract other tools read: add fields freely,
 * never rename or change the meaning of one without bumping `schemaVersion`.
 *
 * Units: every `…Ms` is milliseconds (fractional, microsecond resolution); rates are fractions
 * in 0..1; `rps` is requests per second over the measured window (warm-up excluded).
 */
import type { Layer } from '../input/series-labels.js';
import type { AppliedSelection, HttpProtocol } from '../profile/types.js';
import type { Figures, TimelinePoint } from '../stats/figures.js';

export interface ScenarioResult extends Figures {
  name: string;
  /** This scenario's own per-second points (same shape as the run's). */
  timeline: TimelinePoint[];
  category?: string;
  method: string;
  /** As written in the profile, before `${VAR}` substitution. */
  path: string;
  weight: number;
  /** A journey's step: the journey's name (the row is named `<journey>/<step>`). */
  journey?: string;
  /** A measured setup request's row (`setup.measure: true`). */
  setup?: true;
}

/**
 * One journey (a scenario written with `steps:`), taken whole. Its figures count journeys, not
 * requests: `requests` = journeys that ended (ok + failed + errors), `ok` = every step passed,
 * `failed` = ended by (or, with continueOnFailure, went through) a step with a wrong answer,
 * `errors` = the first failing step had a transport error or extract_failed (`errorKinds`),
 * `dropped` = arrivals never started (open model); latency figures are the journey's duration
 * from its intended start to the end of its last step, think times included. Step requests are
 * counted in their own rows and in the run's totals; journeys never are (no double counting).
 */
export interface JourneyResult extends Figures {
  name: string;
  category?: string;
  weight: number;
  /** Its steps' row names, in order. */
  steps: string[];
}

/** Which share of the profile's schedule a shard ran (k6 execution-segment style). */
export interface ShardInfo {
  /** 1-based, as in `--shard 2/4`. */
  index: number;
  count: number;
  /** `--start-at`, epoch ms: the start every shard of the run waited for. */
  startAtEpochMs?: number;
  /** How much later than `startAtEpochMs` this shard's schedule really started, in ms
   * (negative: earlier). Absent without `--start-at`. */
  startSkewMs?: number;
}

/**
 * One side of a side-by-side run (`--baseline-target`): one schedule whose arrivals went in
 * turn to the baseline target and the target, recorded apart. Each side's file is a normal
 * results file; together they are judged with a paired test over the seconds they share.
 */
export interface SideBySideInfo {
  /** `target`: the side being judged (`--out`); `baseline`: the baseline target's
   * (`…-baseline.json`). */
  side: 'target' | 'baseline';
  /** The other side's `target` (credentials removed), as its own file states it. */
  otherTarget: string;
}

/** What `loadgate merge` merged. */
export interface MergeInfo {
  /** N: every shard 1…N, once. */
  shards: number;
  /** The largest start skew among the shards, in ms (absolute value); absent without
   * `--start-at`. Above 100 ms the merged report warns, above 1 s the gate fails. */
  maxStartSkewMs?: number;
}

/** How the profile's `setup` went (absent without a setup section). */
export interface SetupSummary {
  perVu: boolean;
  measured: boolean;
  /** Setup runs that completed (1 for a once setup; one per log-in with perVu). */
  runs: number;
  /** Setup runs that failed (per-VU log-ins retried; a once setup that fails ends the run). */
  failed: number;
  /** perVu: the first failed log-in's message (secrets masked), for the run warning; absent
   * when none failed, and in files written before it was kept. */
  firstFailure?: string;
}

/**
 * One category's scenarios taken together (`scenarios[].category`): counts summed, rates from
 * the sums, percentiles read from the scenarios' latency histograms merged exactly.
 */
export interface CategoryResult {
  name: string;
  /** Its scenarios' names, in profile order. */
  scenarios: string[];
  /** Every scenario in it accepts only 4xx statuses (a WAF or policy probe): a 0 % block rate
   * then means the rule is off, and the run warns. */
  expectsBlocking: boolean;
  /** ok + blocked + failed + errors. */
  requests: number;
  ok: number;
  blocked: number;
  failed: number;
  errors: number;
  dropped: number;
  /** Completed requests per second over the measured window (its scenarios' rps summed). */
  rps: number;
  /** (failed + errors) / requests; 0 without requests. */
  errorRate: number;
  /** blocked / requests; 0 without requests. */
  blockRate: number;
  /** From the intended send time; all 0 when nothing was answered. */
  latencyMs: { p50: number; p95: number; p99: number };
}

export interface LoadDescription {
  executor: string;
  preset?: string;
  /** For arrival-rate executors: the requests the schedule asked for in the measured window. */
  plannedRequests?: number;
  /** Peak target rate (arrival-rate) or peak VUs (VU executors). */
  peakRatePerSec?: number;
  peakVus?: number;
  connections: number;
  maxInFlight: number;
  onMaxInFlight: 'queue' | 'drop';
  warmupMs: number;
  /** The profile's `protocol`; absent in files written before HTTP/2 support (http1). */
  protocol?: HttpProtocol;
  /** Streams per connection, with `protocol: http2` only. */
  maxConcurrentStreams?: number;
  /** HTTP versions the connections to the target actually negotiated (sorted): with http2, a
   * server that refused h2 shows `http1` here. Absent when not known (no connection). */
  protocolsSeen?: HttpProtocol[];
}

/**
 * Which run this was and how it is filed: the series labels (`layer`, `interval`) and, in
 * GitHub Actions, the event and workflow run. Every field is optional (a CLI run may know none).
 */
export interface RunLabels {
  layer?: Layer;
  /** `hourly`, `daily`, `weekly`, or a slug (`[a-z0-9][a-z0-9-]{0,39}`). */
  interval?: string;
  /** The event that started the run (`schedule`, `push`, `workflow_dispatch`, `release`, …). */
  event?: string;
  /** GitHub Actions run id (a positive whole number). */
  runId?: number;
  /** Attempt of that run, from 1. */
  runAttempt?: number;
  /** Link to the workflow run. */
  runUrl?: string;
  /** The profile's or the flags' `environment` and `client` (metric labels), so a results file
   * exported later (`compare --prometheus-file`) carries them too. */
  environment?: string;
  client?: string;
}

export interface ResultsFileV1 extends Figures {
  schemaVersion: 1;
  tool: { name: 'loadgate'; version: string };
  /** `hash`: sha256 (hex) of the profile file's bytes and the flags that change its load
   * (`--rate`, `--duration`, `--vus`, `--connections`, `--target`); shards of one run share it,
   * and `loadgate merge` refuses a set that does not. Absent in older files. */
  profile: { name: string; hash?: string };
  /** Set on a shard's file (`--shard i/N`): merge these with `loadgate merge`. */
  shard?: ShardInfo;
  /** Set on a file written by `loadgate merge`. */
  merged?: MergeInfo;
  /** Set on both files of a side-by-side run (`--baseline-target`). */
  sideBySide?: SideBySideInfo;
  /** Base URL with any credentials removed. */
  target: string;
  /** ISO 8601, when the measured window started. */
  startedAt: string;
  /** Length of the measured window (warm-up excluded). */
  durationMs: number;
  /** `completed`: ran to the end; `interrupted`: stopped by a signal; `aborted`: stopped by a
   * rule (target unreachable, abort-on-fail threshold, a `unique` data source that ran out with
   * `onExhausted: stop`, a setup that failed: `abortReason` says which). Results up to the
   * stop are kept. */
  status: 'completed' | 'interrupted' | 'aborted';
  abortReason?: string;
  /** What the engine said about how the run went (a unique data source that wrapped, …), one
   * line each, secrets masked; shown with the run warnings. Absent when there were none. */
  warnings?: string[];
  /** Absent in files written before series existed: readers treat that as "not known". */
  run?: RunLabels;
  load: LoadDescription;
  /** Set when the run kept only some of the profile's scenarios (`--category`, `--scenario`). */
  selection?: AppliedSelection;
  scenarios: ScenarioResult[];
  /** One entry per category, in order of first appearance; scenarios without a category are in
   * none. Absent when no scenario has a category, and in files written before categories were
   * rolled up. */
  categories?: CategoryResult[];
  /** One per journey, in profile order; absent when the profile has none. */
  journeys?: JourneyResult[];
  /** Absent when the profile has no `setup`. */
  setup?: SetupSummary;
  timeline: TimelinePoint[];
  sendLagMs: { p50: number; p99: number; max: number };
  warmup: { durationMs: number; requests: number; errors: number };
  environment: {
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    gitSha?: string;
    gitRef?: string;
    ci: boolean;
  };
}
