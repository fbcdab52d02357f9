import { measurePlanDurationMs } from '../profile/scale-plan.js';
import type { LoadSettings } from '../profile/types.js';
import type { TimelinePoint } from './figures.js';
import {
  addEncodedInto,
  createHistogram,
  encodeHistogram,
  type Histogram,
  recordMs,
  roundMs,
} from './histogram.js';

/** Seconds kept one point a second at each end of a run whose timeline is folded (10 minutes). */
export const TIMELINE_EDGE_SEC = 600;

/**
 * Widths of the middle windows by the longest run each is chosen for (auto): one point a
 * second up to 30 minutes, then 10 s up to 3 hours, 60 s up to 12 hours, 5 minutes beyond.
 * Each tier keeps a timeline under about 2,200 points (3 h: 1,200 edge seconds and 960
 * windows; 12 h: 1,900; 24 h: 1,484), and a 24-hour file at 1,000 requests/s with 5
 * scenarios near 12 MB (60 s windows would make it about 27 MB: a minute's histogram of 12,000
 * latencies takes 2.5 KB, an hour of 5 minutes' takes less than two).
 */
const AUTO_RESOLUTIONS: readonly { upToMs: number; resolutionSec: number }[] = [
  { upToMs: 30 * 60_000, resolutionSec: 1 },
  { upToMs: 3 * 3_600_000, resolutionSec: 10 },
  { upToMs: 12 * 3_600_000, resolutionSec: 60 },
];
const LONGEST_RUN_RESOLUTION_SEC = 300;

/**
 * The width of the middle windows when the profile leaves it to loadgate
 * (`load.timelineResolution: auto`): see `AUTO_RESOLUTIONS`. A run short enough to be read
 * second by second is left whole.
 * @param settingSec the profile's choice (1, 10, 60 or 300), or undefined for auto.
 * @param plannedMs the measured window the plan asks for (warm-up excluded); ≤ 0 or not finite
 *   (unknown) gives 1.
 */
export function chooseTimelineResolutionSec(
  settingSec: number | undefined,
  plannedMs: number,
): number {
  if (settingSec !== undefined) return settingSec;
  if (!(plannedMs > 0)) return 1;
  const tier = AUTO_RESOLUTIONS.find((t) => plannedMs <= t.upToMs);
  return tier?.resolutionSec ?? LONGEST_RUN_RESOLUTION_SEC;
}

/**
 * The timeline options of a run of `load`: its `timelineResolutionSec`, or the width
 * `chooseTimelineResolutionSec` picks for the plan's length (warm-up excluded).
 */
export function readTimelineOptions(
  load: Pick<LoadSettings, 'plan' | 'timelineResolutionSec'>,
): TimelineOptions {
  return {
    resolutionSec: chooseTimelineResolutionSec(
      load.timelineResolutionSec,
      measurePlanDurationMs(load.plan),
    ),
  };
}

/** How the timeline of a long run is folded (see `TimelineBuilder`). */
export interface TimelineOptions {
  /** Width of the middle windows in seconds; 1 (the default) keeps every second. */
  resolutionSec?: number;
  /** Seconds kept one point a second at each end; default `TIMELINE_EDGE_SEC`. */
  edgeSec?: number;
}

/** The seconds a point covers: `widthSec`, or 1 when absent. */
export function readWidthSec(point: Pick<TimelinePoint, 'widthSec'>): number {
  return point.widthSec ?? 1;
}

/** The widest point of the timelines, in seconds; 1 for empty ones. */
export function findWidestSec(...timelines: (readonly TimelinePoint[])[]): number {
  let widest = 1;
  for (const timeline of timelines)
    for (const point of timeline) widest = Math.max(widest, readWidthSec(point));
  return widest;
}

/**
 * Merges points into one exactly: counts summed, histograms added bucket by bucket, percentiles
 * read from the sum (as `TimelineBuilder` reads a second). The points may be consecutive (a
 * window of a long run) or the same second of several parts (shards, worker threads). The
 * result starts at the earliest point and ends where the last one ends (`widthSec` is left out
 * when it is 1, as the engine writes a single second), unless `at` places it (a cell of a union
 * window). One point without `at` comes back as it is.
 * @param points at least one, unless `at` is given (then none gives an empty point at `at.t`).
 * @throws RangeError for no points and no `at`.
 */
export function mergeTimelinePoints(
  points: readonly TimelinePoint[],
  at?: { t: number; widthSec: number },
): TimelinePoint {
  const first = points[0];
  if (first === undefined && at === undefined) {
    throw new RangeError('mergeTimelinePoints needs at least one point');
  }
  if (points.length === 1 && at === undefined) return first as TimelinePoint;
  const t = at?.t ?? Math.min(...points.map((p) => p.t));
  const widthSec = at?.widthSec ?? Math.max(...points.map((p) => p.t + readWidthSec(p))) - t;
  const merged = emptyPoint(t);
  // A fresh histogram each time: one that grew in an earlier merge would encode the same counts
  // differently (its size is in the encoding), and merged files must not depend on history.
  const histogram = createHistogram();
  try {
    for (const p of points) {
      addCounts(merged, p);
      if (p.histogram !== '') addEncodedInto(histogram, p.histogram);
    }
    if (histogram.totalCount > 0) fillLatency(merged, histogram);
  } finally {
    histogram.destroy();
  }
  return withWidth(merged, widthSec);
}

/**
 * The timeline regrouped into windows of `widthSec` seconds aligned on t = 0 (window k holds the
 * points with k·widthSec ≤ t < (k+1)·widthSec), each merged exactly by `mergeTimelinePoints`.
 * A folded timeline's windows start at multiples of their width from 600 s, so any width its
 * points divide regroups them without splitting one. A last window may cover fewer seconds
 * (its `widthSec` says how many). Points already of that width come back as they are.
 * @param widthSec a whole number of seconds ≥ 1.
 */
export function rewindowTimeline(
  timeline: readonly TimelinePoint[],
  widthSec: number,
): TimelinePoint[] {
  if (widthSec <= 1) return [...timeline];
  const windows: TimelinePoint[] = [];
  let group: TimelinePoint[] = [];
  let groupIndex = Number.NaN;
  for (const point of timeline) {
    const index = Math.floor(point.t / widthSec);
    if (index !== groupIndex && group.length > 0) {
      windows.push(mergeTimelinePoints(group));
      group = [];
    }
    groupIndex = index;
    group.push(point);
  }
  if (group.length > 0) windows.push(mergeTimelinePoints(group));
  return windows;
}

/** Where a timeline ends: the end of its last point, in seconds (0 when empty). */
export function measureTimelineSec(timeline: readonly TimelinePoint[]): number {
  const last = timeline[timeline.length - 1];
  return last === undefined ? 0 : last.t + readWidthSec(last);
}

/**
 * Builds the per-second timeline of the measured window, bucketed by completion time (sends and
 * drops by their own time). One window histogram is reused, so memory grows by one small point
 * per second, never per request; it is built on the first latency recorded, so a timeline that
 * never sees one holds no WebAssembly memory. Seconds with no completions (a stalled server)
 * still get a point, with zeros, so a stall shows as a gap rather than vanishing.
 *
 * With `resolutionSec` (W) above 1, a long run keeps one point a second for its first and last
 * `edgeSec` seconds only; the seconds in between are folded into windows of W seconds (starting
 * at `edgeSec`, then every W), exactly: counts summed, histograms added. The fold happens while
 * recording, so memory stays flat however long the run. Which seconds are the last ones is only
 * known at the end, so each second past the first `edgeSec` is both kept as a point and added
 * to its window's live histogram as it closes; a point is let go once it is more than
 * `edgeSec` + W seconds old, a closed window is final once it ends more than `edgeSec` seconds
 * ago. At the end, the last `edgeSec` seconds stay points, windows inside them are dropped, and
 * the one window they cut is rebuilt from its earlier seconds (at most W − 1 decoded). A run
 * no longer than twice `edgeSec` keeps every second.
 */
export class TimelineBuilder {
  /** Final points, in order: the first `edgeSec` seconds, then final middle windows. */
  private readonly points: TimelinePoint[] = [];
  /** Closed seconds past the first `edgeSec`: the newest `edgeSec` + W of them. */
  private readonly recent: TimelinePoint[] = [];
  /** Closed windows that may still turn out to lie in the last `edgeSec` seconds. */
  private readonly windows: TimelinePoint[] = [];
  private window: Histogram | undefined;
  private current: TimelinePoint = emptyPoint(0);
  /** The middle window closing seconds are added to, and its histogram (built on first use). */
  private fold: { point: TimelinePoint; widthSec: number } | undefined;
  private foldHistogram: Histogram | undefined;
  private last: TimelinePoint | undefined;
  private readonly resolutionSec: number;
  private readonly edgeSec: number;

  /**
   * @param originMs engine-clock time at which the measured window starts (t = 0).
   * @param options how a long run's middle is folded; default: never.
   */
  constructor(
    private readonly originMs: number,
    options: TimelineOptions = {},
  ) {
    this.resolutionSec = Math.max(1, Math.floor(options.resolutionSec ?? 1));
    this.edgeSec = Math.max(1, Math.floor(options.edgeSec ?? TIMELINE_EDGE_SEC));
  }

  /** Moves to the second containing `nowMs`, closing every second before it. */
  advanceTo(nowMs: number): void {
    const second = Math.floor((nowMs - this.originMs) / 1000);
    while (this.current.t < second) this.closeCurrent();
  }

  recordCompletion(
    nowMs: number,
    latencyMs: number | undefined,
    outcome: 'ok' | 'blocked' | 'failed' | 'errors',
  ): void {
    this.advanceTo(nowMs);
    this.current.requests++;
    this.current[outcome]++;
    if (latencyMs !== undefined) {
      this.window ??= createHistogram();
      recordMs(this.window, latencyMs);
    }
  }

  recordSent(nowMs: number): void {
    this.advanceTo(nowMs);
    this.current.sent++;
  }

  recordDropped(nowMs: number): void {
    this.advanceTo(nowMs);
    this.current.dropped++;
  }

  /** The last closed second, for progress lines; undefined before the first second ends. */
  lastPoint(): TimelinePoint | undefined {
    return this.last;
  }

  /**
   * Points held now (final ones, recent seconds, closed and open windows): the memory the
   * timeline takes follows this, which grows by one final window every W seconds and is
   * otherwise bounded by `edgeSec` + W seconds and `edgeSec` / W + 2 windows.
   */
  heldPointCount(): number {
    return (
      this.points.length +
      this.recent.length +
      this.windows.length +
      (this.fold === undefined ? 0 : 1)
    );
  }

  /**
   * Closes the timeline at `endMs` and returns it. A trailing partial second is kept when it
   * saw any activity (its rate then reads low; `t` says where it sits). A middle window cut by
   * the last `edgeSec` seconds comes out narrower (`widthSec` says how much it holds).
   */
  finish(endMs: number): TimelinePoint[] {
    this.advanceTo(endMs);
    const c = this.current;
    if (c.requests + c.sent + c.dropped > 0) this.closeCurrent();
    this.closeFold();
    this.window?.destroy();
    this.window = undefined;
    this.foldHistogram?.destroy();
    this.foldHistogram = undefined;
    // The last `edgeSec` closed seconds stay as they are; nothing before the first edge ends.
    const endSec = this.last === undefined ? 0 : this.last.t + 1;
    const tailSec = Math.max(this.edgeSec, endSec - this.edgeSec);
    for (const window of this.windows) {
      if (window.t + readWidthSec(window) <= tailSec) this.points.push(window);
      else if (window.t < tailSec) {
        const seconds = this.recent.filter((p) => p.t >= window.t && p.t < tailSec);
        this.points.push(mergeTimelinePoints(seconds));
      }
    }
    this.windows.length = 0;
    for (const point of this.recent) if (point.t >= tailSec) this.points.push(point);
    this.recent.length = 0;
    return this.points;
  }

  private closeCurrent(): void {
    const point = this.current;
    const hasLatency = this.window !== undefined && this.window.totalCount > 0;
    if (hasLatency) fillLatency(point, this.window as Histogram);
    this.last = point;
    this.current = emptyPoint(point.t + 1);
    if (this.resolutionSec === 1 || point.t < this.edgeSec) {
      this.points.push(point);
    } else {
      this.recent.push(point);
      this.foldSecond(point, hasLatency ? this.window : undefined);
      this.settle(point.t + 1);
    }
    if (hasLatency) this.window?.reset();
  }

  /** Adds a closed second (and its live histogram) to its middle window. */
  private foldSecond(second: TimelinePoint, histogram: Histogram | undefined): void {
    const w = this.resolutionSec;
    const start = this.edgeSec + Math.floor((second.t - this.edgeSec) / w) * w;
    if (this.fold !== undefined && this.fold.point.t !== start) this.closeFold();
    this.fold ??= { point: emptyPoint(start), widthSec: 0 };
    this.fold.widthSec += 1;
    addCounts(this.fold.point, second);
    if (histogram !== undefined) {
      this.foldHistogram ??= createHistogram();
      this.foldHistogram.add(histogram);
    }
    if (this.fold.widthSec === w) this.closeFold();
  }

  private closeFold(): void {
    const fold = this.fold;
    if (fold === undefined) return;
    if (this.foldHistogram !== undefined && this.foldHistogram.totalCount > 0) {
      fillLatency(fold.point, this.foldHistogram);
      this.foldHistogram.reset();
    }
    this.windows.push(withWidth(fold.point, fold.widthSec));
    this.fold = undefined;
  }

  /**
   * With `closedSec` seconds closed, the last `edgeSec` of the run can only start at
   * `closedSec − edgeSec` or later: windows ending by then are final, and seconds more than a
   * window before it can no longer be needed to rebuild a cut window.
   */
  private settle(closedSec: number): void {
    const tailFromSec = closedSec - this.edgeSec;
    while (this.windows.length > 0) {
      const window = this.windows[0] as TimelinePoint;
      if (window.t + readWidthSec(window) > tailFromSec) break;
      this.points.push(window);
      this.windows.shift();
    }
    // Shifting moves at most edgeSec + W references, once a second.
    while (
      this.recent.length > 0 &&
      (this.recent[0] as TimelinePoint).t < tailFromSec - this.resolutionSec
    )
      this.recent.shift();
  }
}

/** Adds `from`'s counts into `into`. */
function addCounts(into: TimelinePoint, from: TimelinePoint): void {
  into.requests += from.requests;
  into.sent += from.sent;
  into.ok += from.ok;
  into.blocked += from.blocked;
  into.failed += from.failed;
  into.errors += from.errors;
  into.dropped += from.dropped;
}

/** Sets the point's latency figures and histogram from a non-empty histogram (µs). */
function fillLatency(point: TimelinePoint, histogram: Histogram): void {
  point.p50 = roundMs(histogram.getValueAtPercentile(50) / 1000);
  point.p90 = roundMs(histogram.getValueAtPercentile(90) / 1000);
  point.p95 = roundMs(histogram.getValueAtPercentile(95) / 1000);
  point.p99 = roundMs(histogram.getValueAtPercentile(99) / 1000);
  point.max = roundMs(histogram.getValueAtPercentile(100) / 1000);
  point.mean = roundMs(histogram.mean / 1000);
  point.histogram = encodeHistogram(histogram);
}

/** The point with `widthSec` right after `t` (where readers of the file look for it); a width
 * of 1 is left out, as the engine has always written single seconds. */
function withWidth(point: TimelinePoint, widthSec: number): TimelinePoint {
  if (widthSec === 1) return point;
  const { t, ...rest } = point;
  return { t, widthSec, ...rest };
}

function emptyPoint(t: number): TimelinePoint {
  return {
    t,
    requests: 0,
    sent: 0,
    ok: 0,
    blocked: 0,
    failed: 0,
    errors: 0,
    dropped: 0,
    p50: 0,
    p90: 0,
    p95: 0,
    p99: 0,
    max: 0,
    mean: 0,
    histogram: '',
  };
}
