/**
 * Soak drift: did the target get slower or fail more as a long run went on? A leak or a slow
 * degradation shows as the last hour against the first, which whole-run figures average away.
 */
import {
  formatLatencyMs,
  formatPercent,
  formatRunDuration,
  formatSignedRelative,
} from '../input/format-units.js';
import type { ResultsFileV1 } from '../result/types.js';
import type { TimelinePoint } from '../stats/figures.js';
import { mergeEncodedHistograms } from '../stats/histogram.js';
import { readWidthSec } from '../stats/timeline.js';

/** Runs at least this long get drift lines (2 hours: two hours that do not overlap). */
export const SOAK_DRIFT_MIN_MS = 2 * 3_600_000;
/** The stretch compared at each end of the run (1 hour). */
export const SOAK_DRIFT_SPAN_SEC = 3_600;
/** p95 of the last hour above the first hour's by more than this is a run warning (+20 %)… */
export const SOAK_P95_DRIFT_WARN = 0.2;
/** …when it is also at least this much higher (1 ms), so a 0.4 → 0.5 ms wobble is no alarm. */
export const SOAK_P95_DRIFT_FLOOR_MS = 1;
/** An error rate of the last hour above the first hour's by more than this is a run warning
 * (1 percentage point). */
export const SOAK_ERROR_RATE_DRIFT_WARN = 0.01;

/** One end of a soak: requests completed in it, their p95 latency and error rate. */
export interface SoakStretch {
  /** Where it starts and how long it is, in seconds of the measured window. */
  fromSec: number;
  spanSec: number;
  requests: number;
  /** From the stretch's timeline histograms merged exactly; 0 when nothing was answered. */
  p95Ms: number;
  /** (failed + errors) / requests; 0 without requests. */
  errorRate: number;
}

export interface SoakDrift {
  firstHour: SoakStretch;
  lastHour: SoakStretch;
  /** lastHour.p95Ms / firstHour.p95Ms − 1; undefined when the first hour's p95 is 0. */
  p95Relative: number | undefined;
  /** lastHour.errorRate − firstHour.errorRate (a difference of fractions). */
  errorRateDelta: number;
}

/** The points' counts and exact p95, as one stretch. */
function summarizeStretch(points: readonly TimelinePoint[], fromSec: number, toSec: number) {
  let requests = 0;
  let bad = 0;
  for (const p of points) {
    requests += p.requests;
    bad += p.failed + p.errors;
  }
  const merged = mergeEncodedHistograms(
    points.filter((p) => p.histogram !== '').map((p) => p.histogram),
  );
  const p95Ms = merged.totalCount > 0 ? merged.getValueAtPercentile(95) / 1000 : 0;
  merged.destroy();
  return {
    fromSec,
    spanSec: toSec - fromSec,
    requests,
    p95Ms,
    errorRate: requests > 0 ? bad / requests : 0,
  };
}

/**
 * The first hour against the last hour of a run of at least 2 hours, from the whole run's
 * timeline: histograms of each hour's points merged exactly, so the p95s are those of every
 * request completed in that hour. The first hour is the points that end by 3,600 s; the last
 * hour the points that start at (measured seconds − 3,600) or later. Soak timelines fold their
 * middle into windows that start on multiples of their width, so both hours are whole for runs
 * of whole minutes; otherwise the last hour starts at the first point after its start and is
 * shorter by less than one window (`spanSec` says how long it is).
 * @returns undefined for shorter runs, and for a timeline that does not cover both hours (a
 *   file written without timelines).
 */
export function measureSoakDrift(
  result: Pick<ResultsFileV1, 'durationMs' | 'timeline'>,
): SoakDrift | undefined {
  if (!(result.durationMs >= SOAK_DRIFT_MIN_MS)) return undefined;
  const endSec = Math.floor(result.durationMs / 1000);
  const lastFromSec = endSec - SOAK_DRIFT_SPAN_SEC;
  const first = result.timeline.filter((p) => p.t + readWidthSec(p) <= SOAK_DRIFT_SPAN_SEC);
  const last = result.timeline.filter((p) => p.t >= lastFromSec);
  const firstEnd = first.reduce((end, p) => Math.max(end, p.t + readWidthSec(p)), 0);
  const lastStart = last[0]?.t;
  if (firstEnd < SOAK_DRIFT_SPAN_SEC || lastStart === undefined) return undefined;
  const firstHour = summarizeStretch(first, 0, SOAK_DRIFT_SPAN_SEC);
  const lastHour = summarizeStretch(last, lastStart, endSec);
  return {
    firstHour,
    lastHour,
    p95Relative: firstHour.p95Ms > 0 ? lastHour.p95Ms / firstHour.p95Ms - 1 : undefined,
    errorRateDelta: lastHour.errorRate - firstHour.errorRate,
  };
}

/** "last hour", or "last 59m50s" when the last stretch is shorter than an hour. */
function nameLastStretch(drift: SoakDrift): string {
  return drift.lastHour.spanSec === SOAK_DRIFT_SPAN_SEC
    ? 'last hour'
    : `last ${formatRunDuration(drift.lastHour.spanSec * 1000)}`;
}

/**
 * The drift as one line: `Soak drift, first hour → last hour: p95 41 ms → 58 ms (+41 %),
 * error rate 0.1 % → 0.4 %`.
 */
export function describeSoakDrift(drift: SoakDrift): string {
  const { firstHour, lastHour } = drift;
  const change =
    drift.p95Relative === undefined ? '' : ` (${formatSignedRelative(drift.p95Relative)})`;
  return (
    `Soak drift, first hour → ${nameLastStretch(drift)}: p95 ${formatLatencyMs(firstHour.p95Ms)} → ${formatLatencyMs(lastHour.p95Ms)}${change}, ` +
    `error rate ${formatPercent(firstHour.errorRate)} → ${formatPercent(lastHour.errorRate)}`
  );
}

/**
 * The run warnings a drift calls for: p95 up by more than 20 % (and at least 1 ms) from the
 * first hour to the last, or the error rate up by more than 1 percentage point.
 */
export function describeSoakDriftWarnings(drift: SoakDrift): string[] {
  const warnings: string[] = [];
  const { firstHour, lastHour } = drift;
  const last = nameLastStretch(drift);
  if (
    drift.p95Relative !== undefined &&
    drift.p95Relative > SOAK_P95_DRIFT_WARN &&
    lastHour.p95Ms - firstHour.p95Ms >= SOAK_P95_DRIFT_FLOOR_MS
  ) {
    warnings.push(
      `p95 latency drifted up ${formatSignedRelative(drift.p95Relative)} from the first hour (${formatLatencyMs(firstHour.p95Ms)}) to the ${last} (${formatLatencyMs(lastHour.p95Ms)}) of this soak: a leak or a slow degradation? (warned above +${formatPercent(SOAK_P95_DRIFT_WARN)})`,
    );
  }
  if (drift.errorRateDelta > SOAK_ERROR_RATE_DRIFT_WARN) {
    warnings.push(
      `The error rate drifted up from ${formatPercent(firstHour.errorRate)} in the first hour to ${formatPercent(lastHour.errorRate)} in the ${last} of this soak (warned above a rise of ${SOAK_ERROR_RATE_DRIFT_WARN * 100} percentage point).`,
    );
  }
  return warnings;
}
