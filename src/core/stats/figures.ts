/**
 * What a run measured, per run and per scenario: the figures the results file stores and the
 * judge reads. These names are part of the results file contract (see result/types.ts): add
 * fields freely, never rename or change the meaning of one without bumping `schemaVersion`.
 *
 * Units: every `…Ms` is milliseconds (fractional, microsecond resolution); rates are fractions
 * in 0..1; `rps` is requests per second over the measured window (warm-up excluded).
 */

/** Latency percentiles in milliseconds; all 0 when nothing was recorded. */
export interface LatencySummaryMs {
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  /** Standard deviation; lets comparisons judge spread without decoding the histogram. */
  stdev: number;
}

export interface Totals {
  /** Requests that got an answer or a transport error: ok + blocked + failed + errors. */
  requests: number;
  /** Status (and body, when asked) as expected, not a 4xx. */
  ok: number;
  /** Status as expected and in 400..499: an intended rejection (security or policy rule). */
  blocked: number;
  /** An HTTP answer that did not match the expectation (wrong status or body). */
  failed: number;
  /** No HTTP answer: timeout, refused, reset, … (see `errorKinds`). */
  errors: number;
  /** Arrivals never sent: dropped at `maxInFlight` (drop policy), or still queued at the end. */
  dropped: number;
  /** Arrivals that waited for a free slot before being sent (queue policy). */
  queued: number;
  /** In flight when the run was stopped early (Ctrl-C, abort); not in `requests`. */
  interrupted: number;
  /** Redirect hops followed (each 301/302/303/307/308 answer that led to another request);
   * absent in files written before redirects were followed. */
  redirects?: number;
}

/** Why answers did not match: stable codes. */
export interface FailureKinds {
  http_5xx: number;
  http_4xx: number;
  unexpected_status: number;
  body_mismatch: number;
}

export interface EncodedHistograms {
  /** Latency from each request's intended send time (the headline; = `histogram`). */
  latency: string;
  /** Time from actual send to full response (what the server saw). */
  serviceTime: string;
  /** How late the generator sent each request relative to its schedule. */
  sendLag: string;
}

/** Figures shared by the whole run and each scenario. */
export interface Figures {
  totals: Totals;
  throughput: { rps: number; okRps: number };
  latencyMs: LatencySummaryMs;
  serviceTimeMs: LatencySummaryMs;
  /** (failed + errors) / requests. */
  errorRate: number;
  /** blocked / requests. */
  blockRate: number;
  /** dropped / (requests + dropped). */
  dropRate: number;
  /** Latency histogram (µs, 3 significant digits), HdrHistogram compressed base64. */
  histogram: string;
  histograms: EncodedHistograms;
  /** Count per HTTP status code, e.g. {"200": 981, "503": 19}. */
  statusCodes: Record<string, number>;
  /** Count per transport error kind (see `ErrorKind`). */
  errorKinds: Record<string, number>;
  failureKinds: FailureKinds;
}

/**
 * One second of the measured window, by completion time; or, in the middle of a long run, one
 * window of `widthSec` seconds (the seconds it covers merged exactly: counts summed, histograms
 * added). A point covers [t, t + widthSec); points are in order of `t` and cover the window
 * without gaps or overlaps.
 */
export interface TimelinePoint {
  /** Seconds since the measured window started (0, 1, 2, …): where the point starts. */
  t: number;
  /** Seconds the point covers; absent means 1 (every point of files written before soak
   * timelines, and every point of the first and last 10 minutes). */
  widthSec?: number;
  /** Requests completed in this second (in this window, for a wider point). */
  requests: number;
  /** Arrivals sent in this second (in this window, for a wider point). */
  sent: number;
  ok: number;
  blocked: number;
  failed: number;
  errors: number;
  dropped: number;
  /** Latency figures of the requests completed in this second; 0 when none. */
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** This second's latency histogram (µs, compressed base64; empty when nothing completed), so
   * readers can merge seconds into larger windows exactly. */
  histogram: string;
}
