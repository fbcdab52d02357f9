/**
 * Exact merges of what several recorders measured over one schedule at once (worker threads
 * of one process, each a stripe of the schedule): counters add, histograms add bucket by
 * bucket, and every summary is recomputed from the merged histograms, never averaged.
 */
import type { FailureKinds, Figures, TimelinePoint } from './figures.js';
import {
  encodeHistogram,
  type Histogram,
  mergeEncodedHistograms,
  summarizeHistogram,
} from './histogram.js';
import type { LiveSnapshot, Recording } from './run-recorder.js';
import { mergeTimelinePoints, readWidthSec } from './timeline.js';

/**
 * The figures of several parts as one: totals, status codes, error and failure kinds summed;
 * latency, service-time and send-lag histograms merged exactly, their summaries recomputed;
 * rates from the summed counts; throughput over `durationMs`.
 * Parts with empty histogram strings (live snapshots taken without encoding) contribute their
 * counts only. An empty list gives the figures of nothing.
 * @param durationMs the measured window the parts share, in ms (0 gives 0 rps).
 */
export function mergeFigures(parts: readonly Figures[], durationMs: number): Figures {
  const totals = {
    requests: 0,
    ok: 0,
    blocked: 0,
    failed: 0,
    errors: 0,
    dropped: 0,
    queued: 0,
    interrupted: 0,
  };
  let redirects: number | undefined;
  const statusCodes = new Map<number, number>();
  const errorKinds = new Map<string, number>();
  const failureKinds: FailureKinds = {
    http_5xx: 0,
    http_4xx: 0,
    unexpected_status: 0,
    body_mismatch: 0,
  };
  for (const part of parts) {
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) {
      totals[key] += part.totals[key];
    }
    if (part.totals.redirects !== undefined) redirects = (redirects ?? 0) + part.totals.redirects;
    for (const [status, n] of Object.entries(part.statusCodes)) {
      statusCodes.set(Number(status), (statusCodes.get(Number(status)) ?? 0) + n);
    }
    for (const [kind, n] of Object.entries(part.errorKinds)) {
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + n);
    }
    for (const key of Object.keys(failureKinds) as (keyof FailureKinds)[]) {
      failureKinds[key] += part.failureKinds[key];
    }
  }
  const latency = mergeNonEmpty(parts.map((p) => p.histograms.latency));
  const serviceTime = mergeNonEmpty(parts.map((p) => p.histograms.serviceTime));
  const sendLag = mergeNonEmpty(parts.map((p) => p.histograms.sendLag));
  const latencyEncoded = encodeMerged(latency);
  const seconds = durationMs / 1000;
  const figures: Figures = {
    totals: { ...totals, ...(redirects === undefined ? {} : { redirects }) },
    throughput: {
      rps: seconds > 0 ? round3(totals.requests / seconds) : 0,
      okRps: seconds > 0 ? round3((totals.ok + totals.blocked) / seconds) : 0,
    },
    latencyMs: summarizeHistogram(latency),
    serviceTimeMs: summarizeHistogram(serviceTime),
    errorRate: ratio(totals.failed + totals.errors, totals.requests),
    blockRate: ratio(totals.blocked, totals.requests),
    dropRate: ratio(totals.dropped, totals.requests + totals.dropped),
    histogram: latencyEncoded,
    histograms: {
      latency: latencyEncoded,
      serviceTime: encodeMerged(serviceTime),
      sendLag: encodeMerged(sendLag),
    },
    statusCodes: Object.fromEntries([...statusCodes].sort((a, b) => a[0] - b[0])),
    errorKinds: Object.fromEntries([...errorKinds].sort()),
    failureKinds,
  };
  latency?.destroy();
  serviceTime?.destroy();
  sendLag?.destroy();
  return figures;
}

/**
 * Timelines that share one origin (t = 0 is the same moment in every part) as one: points of
 * the same second merged exactly, seconds missing from a part (it ended a little earlier)
 * taken from the others. Wider points (`widthSec`, the folded middle of a long run) absorb the
 * points of other parts that start inside them, so the result still covers the window without
 * gaps or overlaps, whatever each part folded.
 */
export function mergeTimelines(parts: readonly (readonly TimelinePoint[])[]): TimelinePoint[] {
  const all = parts.flat().sort((a, b) => a.t - b.t || readWidthSec(b) - readWidthSec(a));
  const merged: TimelinePoint[] = [];
  let group: TimelinePoint[] = [];
  let groupEnd = Number.NEGATIVE_INFINITY;
  for (const point of all) {
    if (point.t >= groupEnd && group.length > 0) {
      merged.push(mergeTimelinePoints(group));
      group = [];
    }
    group.push(point);
    groupEnd = Math.max(group.length === 1 ? point.t : groupEnd, point.t + readWidthSec(point));
  }
  if (group.length > 0) merged.push(mergeTimelinePoints(group));
  return merged;
}

/**
 * Recordings of the stripes of one run as the recording of the whole run. The parts must share
 * the measured window's start (their timelines align second by second); the merged window is
 * the longest part's (a stopped run's parts stop within moments of each other).
 * `sendLagMs` comes from the merged send-lag histogram; warm-up and setup counts are summed;
 * journeys merge row by row like scenarios.
 * @throws RangeError for an empty list or parts of different profiles (scenario counts).
 */
export function mergeRecordings(parts: readonly Recording[]): Recording {
  const first = parts[0];
  if (first === undefined) throw new RangeError('no recordings to merge');
  for (const part of parts) {
    if (part.scenarios.length !== first.scenarios.length) {
      throw new RangeError(
        `recordings of ${part.scenarios.length} and ${first.scenarios.length} scenarios`,
      );
    }
  }
  const durationMs = Math.max(...parts.map((p) => p.durationMs));
  const overall = mergeFigures(
    parts.map((p) => p.overall),
    durationMs,
  );
  const lag = summarizeEncoded(overall.histograms.sendLag);
  const recording: Recording = {
    durationMs,
    overall,
    scenarios: first.scenarios.map((_, row) =>
      mergeFigures(
        parts.map((p) => p.scenarios[row] as Figures),
        durationMs,
      ),
    ),
    timeline: mergeTimelines(parts.map((p) => p.timeline)),
    scenarioTimelines: first.scenarios.map((_, row) =>
      mergeTimelines(parts.map((p) => p.scenarioTimelines[row] ?? [])),
    ),
    sendLagMs: { p50: lag.p50, p99: lag.p99, max: lag.max },
    warmup: {
      requests: sum(parts, (p) => p.warmup.requests),
      errors: sum(parts, (p) => p.warmup.errors),
    },
  };
  const journeyCount = Math.max(...parts.map((p) => p.journeys?.length ?? 0));
  if (parts.some((p) => p.journeys !== undefined)) {
    recording.journeys = Array.from({ length: journeyCount }, (_, row) =>
      mergeFigures(
        parts.flatMap((p) => (p.journeys?.[row] ? [p.journeys[row]] : [])),
        durationMs,
      ),
    );
  }
  if (parts.some((p) => p.setup !== undefined)) {
    recording.setup = {
      runs: sum(parts, (p) => p.setup?.runs ?? 0),
      failed: sum(parts, (p) => p.setup?.failed ?? 0),
    };
  }
  return recording;
}

/**
 * Live snapshots of the stripes taken at about the same moment, as one: for the live abort
 * check, which must judge the whole run, never one stripe. The parts' histograms must be
 * encoded (`RunRecorder.snapshot(now, true)`); `measuredMs` is the longest part's.
 * @throws RangeError for an empty list.
 */
export function mergeLiveSnapshots(parts: readonly LiveSnapshot[]): LiveSnapshot {
  const first = parts[0];
  if (first === undefined) throw new RangeError('no snapshots to merge');
  const measuredMs = Math.max(...parts.map((p) => p.measuredMs));
  const overall = mergeFigures(
    parts.map((p) => p.overall),
    measuredMs,
  );
  return {
    measuredMs,
    overall,
    scenarios: first.scenarios.map((_, row) =>
      mergeFigures(
        parts.map((p) => p.scenarios[row] as Figures),
        measuredMs,
      ),
    ),
    sendLagP99: summarizeEncoded(overall.histograms.sendLag).p99,
  };
}

/** Merges the non-empty encodings; undefined when there are none (nothing to build). */
function mergeNonEmpty(encoded: readonly string[]): Histogram | undefined {
  const present = encoded.filter((text) => text !== '');
  return present.length === 0 ? undefined : mergeEncodedHistograms(present);
}

/** A merged histogram that holds nothing encodes exactly as one never built. */
function encodeMerged(histogram: Histogram | undefined): string {
  return encodeHistogram(
    histogram === undefined || histogram.totalCount === 0 ? undefined : histogram,
  );
}

function summarizeEncoded(encoded: string): ReturnType<typeof summarizeHistogram> {
  const histogram = mergeNonEmpty([encoded]);
  const summary = summarizeHistogram(histogram);
  histogram?.destroy();
  return summary;
}

function sum<T>(items: readonly T[], read: (item: T) => number): number {
  return items.reduce((total, item) => total + read(item), 0);
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1e6) / 1e6 : 0;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
